"""Runs Admin API documents in-process as the logged-in staff member: the same schema, extensions
and role check (resolvers/admin.py StaffRoles) as POST /admin/graphql, without HTTP."""

from __future__ import annotations

from typing import Any

from gateway.db.engine import Database
from gateway.db.models import StaffMember
from gateway.platform.settings import Settings
from resolvers.platform.context import Context


class Refused(Exception):
    """The operation answered GraphQL errors (a VIEWER's mutation, a bug): shown as a page."""

    def __init__(self, messages: list[str], forbidden: bool) -> None:
        super().__init__("; ".join(messages))
        self.messages, self.forbidden = messages, forbidden


class AdminAPI:
    def __init__(self, schema: Any, db: Database, settings: Settings) -> None:  # noqa: ANN401
        self.schema, self.db, self.settings = schema, db, settings

    async def run(self, request: Any, staff: StaffMember, document: str, **variables: Any) -> dict:  # noqa: ANN401
        context = Context(db=self.db, settings=self.settings, request=request,
                          staff_member_id=staff.id, staff_role=staff.role)
        result = await self.schema.execute(document, variable_values=variables, context_value=context)
        if result.errors:
            codes = {(e.extensions or {}).get("code") for e in result.errors}
            raise Refused([e.message for e in result.errors], forbidden="FORBIDDEN" in codes)
        return result.data
