"""The GraphQL contract: types, inputs and the two Schemas (storefront and admin)."""
