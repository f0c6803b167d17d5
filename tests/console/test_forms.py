"""Every console form: without the session's CSRF token a post changes nothing (403), and a VIEWER's
post changes nothing either (403: the Admin API refuses it); a MANAGER's does what it says."""

from __future__ import annotations

import pytest

from gateway.auth import staff
from tests.console.helpers import console_login, make_staff
from tests.console.world import snapshot, world

CSV = "company_external_id,company_name,location_external_id,location_name\nERP-9,Nine,ERP-9-1,Main\n"

# path (with {ids} from the world), form fields: every form of the console that changes something
FORMS = {
    "draft save": ("/console/drafts/{draft}/save", {"variant": "{variant}", "quantity": "5", "price": "1.00"}),
    "draft approve": ("/console/drafts/{draft}/approve", {}),
    "draft invoice": ("/console/drafts/{draft}/invoice", {}),
    "draft decline": ("/console/drafts/{draft}/decline", {"reason": "Out of stock"}),
    "order mark as paid": ("/console/orders/{unpaid}/paid", {}),
    "order fulfill": ("/console/orders/{order}/fulfill", {"carrier": "DHL", "tracking": "123"}),
    "order refund": ("/console/orders/{order}/refund", {"amount": "1.00", "reason": "Damaged", "key": "refund-1"}),
    "order cancel": ("/console/orders/{order}/cancel", {"refund": "yes"}),
    "return approve": ("/console/returns/{return}/approve", {}),
    "return decline": ("/console/returns/{return}/decline", {"reason": "Used"}),
    "account request approve": ("/console/account-requests/{request}/approve", {}),
    "account request decline": ("/console/account-requests/{request}/decline", {"reason": "Not a business"}),
    "catalog prices": ("/console/catalogs/{catalog}/prices", {"price_list": "{price_list}", "new_variant": "{variant}",
                                                            "new_price": "7.00"}),
    "import": ("/console/transfer/import", {"csv": CSV}),
    "staff add": ("/console/staff/add", {"email": "new@shop.test", "role": "VIEWER"}),
    "staff change": ("/console/staff/{staff}", {"role": "VIEWER", "status": "DISABLED"}),
    "logout": ("/console/logout", {}),
}
OWNER_ONLY = {"staff add", "staff change"}


def _fill(template: str, ids: dict[str, str]) -> str:
    return template.format(**ids)


@pytest.fixture
async def shop(acme, admin, storefront, catalog, db):  # noqa: ANN001, ANN201
    await make_staff(db, "owner@shop.test", "OWNER")
    await make_staff(db, "other@shop.test", "MANAGER")
    async with db.reader() as session:
        other = next(m for m in await staff.list_all(session) if m.email == "other@shop.test")
    return {**await world(acme, admin, storefront, catalog), "staff": str(other.id)}


@pytest.mark.parametrize("form", FORMS)
async def test_a_post_without_the_csrf_token_changes_nothing(form, shop, client, db):
    await make_staff(db, "manager@shop.test", "MANAGER")
    me = await console_login(client, db, "manager@shop.test")
    path, data = FORMS[form]
    before = await snapshot(db)
    response = await me.post(_fill(path, shop), {k: _fill(v, shop) for k, v in data.items()}, csrf=False)
    assert response.status_code == 403 and "Nothing was changed" in response.text
    forged = await me.post(_fill(path, shop), {"csrf": "0" * 64, **{k: _fill(v, shop) for k, v in data.items()}},
                           csrf=False)
    assert forged.status_code == 403
    assert await snapshot(db) == before


@pytest.mark.parametrize("form", [f for f in FORMS if f != "logout"])
async def test_a_viewer_changes_nothing(form, shop, client, db):
    await make_staff(db, "viewer@shop.test", "VIEWER")
    me = await console_login(client, db, "viewer@shop.test")
    path, data = FORMS[form]
    before = await snapshot(db)
    response = await me.post(_fill(path, shop), {k: _fill(v, shop) for k, v in data.items()})
    assert response.status_code == 403, response.text
    assert "reads only" in response.text
    assert await snapshot(db) == before


@pytest.mark.parametrize("form", sorted(OWNER_ONLY))
async def test_a_manager_manages_no_staff(form, shop, client, db):
    await make_staff(db, "manager@shop.test", "MANAGER")
    me = await console_login(client, db, "manager@shop.test")
    path, data = FORMS[form]
    before = await snapshot(db)
    response = await me.post(_fill(path, shop), {k: _fill(v, shop) for k, v in data.items()})
    assert response.status_code == 403 and "Only an OWNER manages staff accounts." in response.text
    assert await snapshot(db) == before


@pytest.mark.parametrize("form", FORMS)
async def test_a_managers_post_does_what_it_says(form, shop, client, db):
    """The same posts with the token, as a MANAGER (staff forms: the OWNER): each changes the shop
    (so the tests above can fail)."""
    email = "owner@shop.test" if form in OWNER_ONLY else "manager@shop.test"
    await make_staff(db, "manager@shop.test", "MANAGER")
    me = await console_login(client, db, email)
    path, data = FORMS[form]
    before = await snapshot(db)
    response = await me.post(_fill(path, shop), {k: _fill(v, shop) for k, v in data.items()})
    assert response.status_code == 303, response.text
    assert await snapshot(db) != before


async def test_a_refund_posted_twice_refunds_once_and_a_bad_amount_is_explained(shop, client, db, admin):
    await make_staff(db, "manager@shop.test", "MANAGER")
    me = await console_login(client, db, "manager@shop.test")
    page = (await me.get(f"/console/orders/{shop['order']}")).text
    assert 'action="/console/orders/' in page and "/refund" in page and 'name="key"' in page
    path = f"/console/orders/{shop['order']}/refund"
    assert (await me.post(path, {"amount": "abc", "key": "k-1"})).status_code == 400
    for _ in range(2):
        assert (await me.post(path, {"amount": "1.00", "reason": "Damaged", "key": "k-1"})).status_code == 303
    gid = f"gid://gateway/Order/{shop['order']}"
    kinds = (await admin("query($id: ID!) { node(id: $id) { ... on Order { transactions { kind amount { amount } } } } }",
                         id=gid))["node"]["transactions"]
    assert [t["amount"]["amount"] for t in kinds if t["kind"] == "REFUND"] in (["1.00"], ["1"], ["-1.00"])
