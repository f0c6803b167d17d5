"""Resolvers of the catalog: the Admin API's and the storefront's."""
