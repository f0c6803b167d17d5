"""Resolvers of the merchant's register."""
