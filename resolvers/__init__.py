"""The thin edge between GraphQL and the domain: input in, payloads out, DataLoaders."""
