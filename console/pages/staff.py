"""Staff: who may log in to the console, and (for an OWNER) adding people, changing their role,
disabling and enabling them (staffMemberCreate / staffMemberUpdate, which the Admin API keeps to OWNERs)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from console.web import Console, Me, field, page, redirect

ERRORS = "userErrors { field code message }"
LIST = "query Staff { staffMembers { id email role status lastLoginAt } }"
CREATE = f"""mutation AddStaff($input: StaffMemberCreateInput!) {{
  staffMemberCreate(input: $input) {{ staffMember {{ id }} {ERRORS} }} }}"""
UPDATE = f"""mutation ChangeStaff($id: ID!, $input: StaffMemberUpdateInput!) {{
  staffMemberUpdate(id: $id, input: $input) {{ staffMember {{ id }} {ERRORS} }} }}"""
ROLES = ("OWNER", "MANAGER", "VIEWER")


async def _show(console: Console, request: Request, me: Me, errors: list | None = None) -> Response:
    data = await console.run(request, me, LIST)
    return console.render(request, "staff.html", me, 400 if errors else 200, members=data["staffMembers"],
                          roles=ROLES, errors=errors or [])


@page
async def index(console: Console, request: Request, me: Me) -> Response:
    return await _show(console, request, me)


@page
async def create(console: Console, request: Request, me: Me) -> Response:
    role = field(request, "role")
    if role not in ROLES:
        return await _show(console, request, me, ["Choose a role."])
    payload = (await console.run(request, me, CREATE, input={"email": field(request, "email"), "role": role}))[
        "staffMemberCreate"]
    if payload["userErrors"]:
        return await _show(console, request, me, [e["message"] for e in payload["userErrors"]])
    return redirect("/console/staff", "saved")


@page
async def change(console: Console, request: Request, me: Me) -> Response:
    changes = {}
    if (role := field(request, "role")) in ROLES:
        changes["role"] = role
    if (status := field(request, "status")) in ("ACTIVE", "DISABLED"):
        changes["status"] = status
    payload = (await console.run(request, me, UPDATE, id=f"gid://gateway/StaffMember/{request.path_params['pk']}",
                                 input=changes))["staffMemberUpdate"]
    if payload["userErrors"]:
        return await _show(console, request, me, [e["message"] for e in payload["userErrors"]])
    return redirect("/console/staff", "saved")


routes = [
    Route("/staff", index),
    Route("/staff/add", create, methods=["POST"]),
    Route("/staff/{pk:int}", change, methods=["POST"]),
]
