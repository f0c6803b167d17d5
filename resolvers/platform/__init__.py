"""The edge's plumbing: request context, DataLoaders, connections, the mutate helper."""
