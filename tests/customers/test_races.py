"""A unique value another transaction commits between our check and our insert is still
answered TAKEN, not an internal error (the database's constraint has the last word)."""

import asyncio

from gateway.db.models import Company, Product
from tests.helpers import COMPANY_CREATE, PRODUCT_CREATE, codes, count


async def race(db, row, request):  # noqa: ANN001, ANN201
    """Run request while another transaction holds row uncommitted, then commit that row."""
    async with db.transaction() as session:
        session.add(row)
        await session.flush()
        pending = asyncio.ensure_future(request)
        await asyncio.sleep(0.3)  # the request checks, finds nothing committed, and waits on the insert
    return await pending


async def test_a_company_external_id_taken_meanwhile(admin, db):
    request = admin(COMPANY_CREATE, input={"company": {"name": "Two", "externalId": "ERP-1"}})
    payload = (await race(db, Company(name="One", external_id="ERP-1", currency_code="EUR"), request))["companyCreate"]
    assert codes(payload) == [(["input", "company", "externalId"], "TAKEN")]
    assert await count(admin, "companies") == 1


async def test_a_product_handle_taken_meanwhile(admin, db):
    request = admin(PRODUCT_CREATE, input={"title": "Bolt", "variants": [{"sku": "B-1", "price": "1"}]})
    payload = (await race(db, Product(title="Bolt", handle="bolt"), request))["productCreate"]
    assert codes(payload) == [(["input", "handle"], "TAKEN")]
    assert await count(admin, "products") == 1
