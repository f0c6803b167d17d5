"""GraphQL types of orders: carts, orders, draft orders, fulfillments, returns."""
