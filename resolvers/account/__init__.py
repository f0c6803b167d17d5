"""Resolvers of the buyer's own account."""
