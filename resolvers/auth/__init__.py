"""Resolvers of login and the viewer."""
