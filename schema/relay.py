"""Relay's shapes (Node, connections) and the connections every list is answered with: children
read through a batching loader, short lists already in memory, and top-level keyset pages."""

from __future__ import annotations

from typing import Any, Callable, Generic, TypeVar

import strawberry
from sqlalchemy.orm import InstrumentedAttribute
from strawberry.dataloader import DataLoader

from gateway.platform.errors import DomainError
from gateway.platform.pagination import (
    Page,
    PageArgs,
    decode_cursor,
    encode_cursor,
    page_size,
    paginate,
)
from schema.errors import ClientError

T = TypeVar("T")


@strawberry.interface(description="An object with a global id (gid://gateway/Type/123).")
class Node:
    id: strawberry.ID


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo

    @strawberry.field
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]

    @classmethod
    def of(cls, page: Page, convert) -> "Connection[T]":  # noqa: ANN001
        edges = [Edge(cursor=c, node=convert(r)) for r, c in zip(page.rows, page.cursors)]
        return cls(
            edges=edges,
            page_info=PageInfo(
                has_next_page=page.has_next,
                has_previous_page=page.has_previous,
                start_cursor=page.cursors[0] if page.cursors else None,
                end_cursor=page.cursors[-1] if page.cursors else None,
            ),
        )


def _id_page(first: int | None, after: str | None) -> tuple[int, int | None]:
    """(page size, id after which the page starts, None without after) of a child connection by id."""
    try:
        size, _ = page_size(PageArgs(first=first))
        return size, decode_cursor(after, int)[0] if after else None
    except DomainError as error:
        raise ClientError(error) from None


async def children(
    info: Any, column: InstrumentedAttribute, parent_id: int, first: int | None, after: str | None,
    convert: Callable[[Any], Any],
) -> Connection:
    """A page of the rows whose foreign key column is parent_id, by id."""
    return await batched(info, info.context.loaders.page_by_fk(column), parent_id, first, after, convert)


async def batched(
    info: Any, loader: DataLoader, parent: Any, first: int | None, after: str | None, convert: Callable[[Any], Any],
) -> Connection:
    """A page of parent's rows through a page loader (Loaders.page_of): a page of parents costs one
    statement. A cursor is its row's id, as keys_connection's over [id]; hasPreviousPage too is
    whether after was passed."""
    size, after_id = _id_page(first, after)
    rows, more = await loader.load((parent, size, after_id))
    page = Page(rows, [encode_cursor(r.id) for r in rows], has_next=more, has_previous=after is not None)
    return Connection.of(page, convert)


def in_memory(rows: list[Any], first: int | None, after: str | None, convert: Callable[[Any], Any]) -> Connection:
    """A page over rows already loaded (short lists such as a location's catalogs), by id."""
    size, after_id = _id_page(first, after)
    rest = [r for r in rows if after_id is None or r.id > after_id]
    page = Page(rest[:size], [encode_cursor(r.id) for r in rest[:size]], len(rest) > size, after is not None)
    return Connection.of(page, convert)


async def keys_connection(info: Any, stmt, keys: list, args: PageArgs, reverse: bool, convert):  # noqa: ANN001, ANN201
    """A top-level list as a connection, ordered by keys (expressions allowed; the last unique)."""
    try:
        async with info.context.db.reader() as session:
            page = await paginate(session, stmt, keys, args, reverse=reverse)
    except DomainError as error:
        raise ClientError(error) from None
    return Connection.of(page, convert)


T = TypeVar("T")
