"""Private storefront tokens (`gateway storefront-token`): a storefront that renders on its own
server sends one as X-Storefront-Private-Token, and may then name the buyer's address with
X-Buyer-IP, so the per-address limits count each buyer rather than the storefront's server.
A secret of the storefront's server: never shipped to a browser."""

from __future__ import annotations

from gateway.auth.tokens import NamedTokens
from gateway.db.models import StorefrontToken

HEADER = "x-storefront-private-token"
tokens = NamedTokens(StorefrontToken, "gwp_")
create, list_all, revoke, authenticate = tokens.create, tokens.list_all, tokens.revoke, tokens.authenticate
