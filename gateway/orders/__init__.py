"""Orders: carts, checkout, draft orders, orders, fulfillments, returns, reorder, the timeline."""
