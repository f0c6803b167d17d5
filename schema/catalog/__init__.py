"""GraphQL types of the catalog: products, variants, catalogs, price lists, and the viewer's prices."""
