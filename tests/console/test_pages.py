"""Every console page answers a VIEWER (it reads), with labelled inputs; the upload's CSRF; the
Admin API with the console's cookie needs the CSRF header; GraphiQL's page and assets are served
by the gateway (no CDN)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from gateway.db.models import Company
from tests.console.helpers import console_login, make_staff
from tests.console.world import world

PAGES = [
    "/console/drafts", "/console/drafts?status=COMPLETED", "/console/drafts/{draft}", "/console/orders",
    "/console/orders?status=PAID&overdue=no&from=2020-01-01&to=2099-12-31&query=PO", "/console/orders/{order}",
    "/console/orders/{unpaid}", "/console/returns", "/console/returns?status=ALL", "/console/returns/{return}",
    "/console/account-requests", "/console/account-requests/{request}", "/console/companies",
    "/console/companies?query=acme&sort=TOTAL_SPENT&reverse=1", "/console/companies/1", "/console/customers",
    "/console/customers?query=anna&sort=NAME", "/console/customers/1", "/console/catalogs",
    "/console/catalogs/{catalog}", "/console/transfer", "/console/staff",
]
INPUT_RE = re.compile(r"<(input|select|textarea)\b([^>]*)>")


def unlabelled(html: str) -> list[str]:
    """Visible inputs without a <label for=...> of their id."""
    labels = set(re.findall(r'<label[^>]*\bfor="([^"]+)"', html))
    missing = []
    for _, attributes in INPUT_RE.findall(html):
        if 'type="hidden"' in attributes or " hidden" in attributes:
            continue
        found = re.search(r'id="([^"]+)"', attributes)
        if not found or found.group(1) not in labels:
            missing.append(attributes)
    return missing


@pytest.fixture
async def shop(acme, admin, storefront, catalog):  # noqa: ANN001, ANN201
    return await world(acme, admin, storefront, catalog)


async def test_every_page_answers_a_viewer_with_labelled_inputs(shop, client, db):
    await make_staff(db, "viewer@shop.test", "VIEWER")
    me = await console_login(client, db, "viewer@shop.test")
    for path in PAGES:
        response = await me.get(path.format(**shop))
        assert response.status_code == 200, (path, response.text[:500])
        assert response.headers["x-frame-options"] == "DENY" and response.headers["cache-control"] == "no-store"
        assert unlabelled(response.text) == [], path
    assert (await me.get("/console/drafts/999999")).status_code == 404
    assert (await me.get("/console/orders/999999")).status_code == 404


async def test_pages_need_a_session(client):
    response = await client.get("/console/orders?status=PAID")
    assert response.status_code == 303
    assert response.headers["location"] == "/console/login?next=/console/orders%3Fstatus%3DPAID"


async def test_login_never_redirects_off_the_console(client, db):
    await make_staff(db, "m@shop.test", "MANAGER")
    await console_login(client, db, "m@shop.test")
    response = await client.get("/console/login?next=https://evil.example/")
    assert response.headers["location"] == "/console/drafts"


async def test_the_upload_checks_its_csrf_token_and_a_dry_run_writes_nothing(client, db):
    await make_staff(db, "m@shop.test", "MANAGER")
    me = await console_login(client, db, "m@shop.test")
    csv = b"company_external_id,company_name,location_external_id,location_name\nERP-1,One,ERP-1-1,Main\n"
    refused = await me.http.post("/console/transfer/check", files={"file": ("r.csv", csv, "text/csv")})
    assert refused.status_code == 403
    checked = await me.http.post("/console/transfer/check", data={"csrf": me.csrf},
                                 files={"file": ("r.csv", csv, "text/csv")})
    assert checked.status_code == 200 and "Dry run of r.csv" in checked.text
    assert '<button type="submit">Import</button>' in checked.text
    async with db.reader() as session:
        assert (await session.scalars(select(Company))).all() == []


async def test_the_export_downloads_as_csv(shop, client, db):
    await make_staff(db, "v@shop.test", "VIEWER")
    me = await console_login(client, db, "v@shop.test")
    response = await me.get("/console/transfer/export")
    assert response.headers["content-type"].startswith("text/csv")
    assert response.text.startswith("company_external_id,")


async def test_the_admin_api_takes_the_console_cookie_only_with_the_csrf_header(client, db):
    await make_staff(db, "m@shop.test", "MANAGER")
    me = await console_login(client, db, "m@shop.test")
    query = {"query": 'mutation { companyCreate(input: { company: { name: "Cookie" } }) { company { id } } }'}
    refused = await me.http.post("/admin/graphql", json=query)
    assert refused.status_code == 403 and refused.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    forged = await me.http.post("/admin/graphql", json=query, headers={"x-csrf-token": "0" * 64})
    assert forged.status_code == 403
    async with db.reader() as session:
        assert (await session.scalars(select(Company))).all() == []
    done = await me.http.post("/admin/graphql", json=query, headers={"x-csrf-token": me.csrf})
    assert done.status_code == 200 and done.json()["data"]["companyCreate"]["company"]["id"]
    me.http.cookies.set("gw_console", "gwst_nonsense")
    assert (await me.http.post("/admin/graphql", json=query, headers={"x-csrf-token": me.csrf})).status_code == 401


async def test_graphiql_pages_load_their_assets_from_the_gateway(client, db):
    for path in ("/graphql", "/admin/graphql"):
        page = await client.get(path, headers={"accept": "text/html"})
        assert page.status_code == 200, path  # the Admin one too: no token needed for the page itself
        assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
        assert assets and all(a.startswith("/graphiql/") for a in assets), assets
        for asset in assets:
            assert (await client.get(asset)).status_code == 200, asset
    await make_staff(db, "m@shop.test", "MANAGER")
    me = await console_login(client, db, "m@shop.test")
    page = await me.http.get("/admin/graphql", headers={"accept": "text/html"})
    assert f'data-csrf="{me.csrf}"' in page.text


async def test_a_customer_record_shows_its_groups_and_the_emails_sent_without_the_code(admin, storefront, client, db):
    from tests.auth.helpers import request_code
    from tests.customers.groups import add_to_group, create_customer, create_group

    customer = await create_customer(admin, "mia@retail.test")
    await add_to_group(admin, await create_group(admin, "Retail"), customer)
    assert (await request_code(storefront, "mia@retail.test"))["userErrors"] == []
    await make_staff(db, "viewer@shop.test", "VIEWER")
    me = await console_login(client, db, "viewer@shop.test")
    page = (await me.get(f"/console/customers/{customer['id'].rsplit('/', 1)[1]}")).text
    assert "<dt>Groups</dt><dd>Retail</dd>" in page
    emails = page.split("Emails sent", 1)[1]
    assert "login code" in emails.lower() and "No emails." not in emails
    assert not re.search(r"\b\d{6}\b", emails)  # the code itself is never shown
