"""Resolvers of orders: carts, checkout, orders, draft orders, returns."""
