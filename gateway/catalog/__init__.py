"""Products and catalogs: what a location may buy and at which prices."""
