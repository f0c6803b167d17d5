"""The buyer's own account: its profile and deleting it."""
