"""Products and catalogs: what a location may buy and at which prices."""

from gateway.catalog import version  # noqa: E402, F401  (its session hooks bump the catalog version)
