"""One module per menu entry: its GraphQL documents (the Admin API's own operations) and handlers."""
