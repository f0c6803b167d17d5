"""Output types, one module per domain."""
