"""GraphQL types of the merchant's register: companies, locations, contacts, customers."""
