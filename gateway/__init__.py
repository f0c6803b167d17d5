"""The B2B commerce gateway: domain logic, database, mail and the ASGI app."""
