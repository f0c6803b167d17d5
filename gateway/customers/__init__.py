"""The merchant's register: companies, their locations, contacts, and customers."""
