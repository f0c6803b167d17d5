"""companyAccountRequest on the Storefront API: anonymous, validated, throttled, and the emails."""

from __future__ import annotations

from gateway.platform import clock
from tests.customers.account_requests import ADDRESS, DECLINE, READ, mails, submit, submitted
from tests.helpers import MERCHANT, codes

LIST = """query($status: AccountRequestStatus, $after: String) { accountRequests(first: 2, status: $status, after: $after) {
    nodes { id status email companyName } pageInfo { hasNextPage endCursor } } }"""


async def test_an_anonymous_request_is_recorded_and_both_sides_are_emailed(storefront, admin, db) -> None:
    payload = await submit(storefront)
    assert payload["userErrors"] == []
    request = payload["accountRequest"]
    assert request["id"].startswith("gid://gateway/AccountRequest/") and request["status"] == "REQUESTED"

    read = (await admin(READ, id=request["id"]))["accountRequest"]
    assert (read["companyName"], read["orgNumber"], read["email"], read["firstName"], read["lastName"]) == (
        "Nordic Tools AB", "556677-8899", "lena@nordictools.test", "Lena", "Berg")
    assert read["address"] == {"address1": "Storgatan 1", "city": "Malmö", "zip": "211 22", "countryCode": "SE"}
    assert (read["message"], read["phone"], read["company"], read["customer"]) == (
        "We buy bolts every month.", "+46 40 123 45", None, None)
    node = await admin("query($id: ID!) { node(id: $id) { ... on AccountRequest { id status } } }", id=request["id"])
    assert node["node"] == {"id": request["id"], "status": "REQUESTED"}

    [merchant] = await mails(db, MERCHANT)
    assert merchant.headers["X-Gateway-Template"] == "account_request_received"
    assert "Nordic Tools AB" in merchant.subject
    assert all(s in merchant.body_text for s in ("Lena Berg", "556677-8899", "We buy bolts", request["id"]))
    [receipt] = await mails(db, "lena@nordictools.test")
    assert receipt.headers["X-Gateway-Template"] == "account_request_receipt"
    assert "Nordic Tools AB" in receipt.body_text and "Hello Lena Berg" in receipt.body_text
    assert "We buy bolts" not in receipt.body_text  # the merchant's notes are not echoed back


async def test_only_the_required_fields_are_needed(storefront, admin) -> None:
    gid = await submitted(storefront, orgNumber=None, phone=None, address=None, message=None)
    read = (await admin(READ, id=gid))["accountRequest"]
    assert (read["orgNumber"], read["phone"], read["address"], read["message"]) == (None, None, None, None)


async def test_bad_input_is_refused_with_every_problem_and_nothing_is_written(storefront, admin, db) -> None:
    payload = await submit(
        storefront, email="not-an-email", firstName=" ", lastName="", companyName="x" * 256,
        address={**ADDRESS, "city": None, "countryCode": "Sweden"}, message="m" * 5001,
    )
    assert sorted(codes(payload)) == sorted([
        (["input", "companyName"], "TOO_LONG"), (["input", "email"], "INVALID"),
        (["input", "firstName"], "BLANK"), (["input", "lastName"], "BLANK"),
        (["input", "address", "city"], "BLANK"), (["input", "address", "countryCode"], "INVALID"),
        (["input", "message"], "TOO_LONG"),
    ])
    assert payload["accountRequest"] is None
    assert codes(await submit(storefront, companyName="  ")) == [(["input", "companyName"], "BLANK")]
    assert codes(await submit(storefront, phone="1" * 41)) == [(["input", "phone"], "TOO_LONG")]
    assert (await admin(LIST))["accountRequests"]["nodes"] == []
    assert await mails(db, MERCHANT) == []


async def test_five_requests_per_client_address_an_hour(storefront, from_address, db) -> None:
    for n in range(5):
        await submitted(storefront, email=f"buyer{n}@example.test")
    refused = await submit(storefront, email="buyer5@example.test")
    assert codes(refused) == [(["input"], "THROTTLED")]
    assert "Try again after" in refused["userErrors"][0]["message"]
    assert await mails(db, "buyer5@example.test") == []

    await submitted(from_address("10.0.0.7"), email="elsewhere@example.test")  # another address has its own limit
    clock.advance(3601)
    await submitted(storefront, email="buyer5@example.test")


async def test_three_requests_per_email_an_hour(from_address) -> None:
    for n in range(3):
        await submitted(from_address(f"10.0.1.{n}"))
    assert codes(await submit(from_address("10.0.1.9"))) == [(["input", "email"], "THROTTLED")]
    assert codes(await submit(from_address("10.0.1.9"), email="LENA@nordictools.test")) == [
        (["input", "email"], "THROTTLED")]


async def test_the_admin_lists_requests_by_status_oldest_first(storefront, admin) -> None:
    made = [await submitted(storefront, email=f"b{n}@example.test") for n in range(3)]
    first = (await admin(LIST))["accountRequests"]
    assert [n["id"] for n in first["nodes"]] == made[:2] and first["pageInfo"]["hasNextPage"]
    rest = (await admin(LIST, after=first["pageInfo"]["endCursor"]))["accountRequests"]["nodes"]
    assert [n["id"] for n in rest] == made[2:]
    await admin(DECLINE, id=made[1], reason="No")
    assert [n["id"] for n in (await admin(LIST, status="REQUESTED"))["accountRequests"]["nodes"]] == [made[0], made[2]]
    assert [n["id"] for n in (await admin(LIST, status="DECLINED"))["accountRequests"]["nodes"]] == [made[1]]


async def test_the_storefront_cannot_read_requests(storefront) -> None:
    gid = await submitted(storefront)
    errors = await storefront.errors("{ accountRequests(first: 5) { nodes { id } } }")
    assert [e["message"] for e in errors] == ["Cannot query field 'accountRequests' on type 'Query'."]
    assert (await storefront("query($id: ID!) { node(id: $id) { id } }", id=gid))["node"] is None
