"""Errors on the wire: userErrors of a mutation's payload, and visible errors for a query's bad arguments."""

from __future__ import annotations

from enum import Enum

import strawberry
from graphql import GraphQLError

from gateway.account.errors import AccountErrorCode
from gateway.auth.errors import AuthErrorCode
from gateway.catalog.errors import CatalogErrorCode
from gateway.customers.errors import CustomerErrorCode
from gateway.orders.errors import OrderErrorCode
from gateway.payments.errors import PaymentErrorCode
from gateway.platform.errors import DomainError, ErrorCode
from gateway.quotes.errors import QuoteErrorCode
from schema.enums import from_domain


@strawberry.type(description="A user's mistake: which input field, a stable code, and what to do.")
class UserError:
    field: list[str] | None
    code: str = strawberry.field(description="Stable and machine-readable: a value of the mutation's feature "
                                 "enum (OrderErrorCode, CustomerErrorCode, ...; docs/error-codes.md).")
    message: str


def user_errors(error: DomainError) -> list[UserError]:
    return [UserError(field=list(p.field) if p.field else None, code=p.code, message=p.message) for p in error.problems]


class ClientError(GraphQLError):
    """A query argument the client got wrong: shown as it is, never masked."""

    def __init__(self, error: DomainError) -> None:
        problem = error.problems[0]
        super().__init__(problem.message, extensions={"code": problem.code})


def none() -> list[UserError]:
    """The userErrors field of a payload: empty unless the mutation failed."""
    return strawberry.field(default_factory=list)


def _codes(name: str, feature: type[Enum] | None, what: str) -> type[Enum]:
    values = tuple(dict.fromkeys([*ErrorCode, *(feature or ())]))
    return from_domain(name, values, f"The codes of userErrors from {what}: the shared ones (ErrorCode) and its own.")


# The codes a mutation may answer, one enum per feature, built from the domain's own enums. On the
# wire UserError.code stays a String (a new code never breaks a client); these enums document it.
ERROR_CODES = [
    from_domain("ErrorCode", tuple(ErrorCode), "The codes every feature may answer: validation, lookups, paging."),
    _codes("AccountErrorCode", AccountErrorCode, "the buyer's own account"),
    _codes("AuthErrorCode", AuthErrorCode, "login codes, sessions and the viewer"),
    _codes("CatalogErrorCode", CatalogErrorCode, "products, catalogs and price lists"),
    _codes("CustomerErrorCode", CustomerErrorCode, "the register, its import, invitations and account requests"),
    _codes("OrderErrorCode", OrderErrorCode, "carts, checkout, draft orders, orders, payments and returns"),
    _codes("PaymentErrorCode", PaymentErrorCode, "payment methods"),
    _codes("QuoteErrorCode", QuoteErrorCode, "quotes"),
]
