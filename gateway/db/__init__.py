"""Database access: the engine, sessions and the SQLAlchemy models."""
