"""customerDelete through HTTP: a fresh login code, the refusals (main contact, outstanding orders), and
what a deletion erases, keeps and tells the merchant."""

from __future__ import annotations

from sqlalchemy import func, select

from gateway.account import deletion
from gateway.db.models import (
    AccountRequest,
    Cart,
    CompanyContact,
    Customer,
    CustomerSession,
    IdempotencyKey,
    LoginCode,
    OutboxMessage,
    PaymentMethod,
    ReturnLine,
    Transaction,
)
from gateway.outbox import worker
from gateway.platform import clock
from tests.account.helpers import colleague, place_order
from tests.auth.helpers import as_viewer, log_in
from tests.catalog.helpers import login
from tests.helpers import ERRORS, MERCHANT, codes
from tests.orders.helpers import LOCATION_UPDATE, add_card, checkout, mails_to, new_cart, pay, set_terms

DELETE = f"mutation {{ customerDelete {{ deletedCustomerId {ERRORS} }} }}"

VIEWER = "{ viewer { id email } }"

STAFF_CUSTOMER = """query($id: ID!) { customer(id: $id) { id email firstName lastName phone status note
    companyContacts { id } } }"""

ADDRESS = "address1 city countryCode recipient phone"

STAFF_ORDER = f"""query($id: ID!) {{ node(id: $id) {{ ... on Order {{ id name note poNumber total {{ amount }}
    totalPaid {{ amount }} location {{ name }} lineItems {{ sku quantity total {{ amount }} }}
    shippingAddress {{ {ADDRESS} }} billingAddress {{ {ADDRESS} }} }} }} }}"""

CONTACT_CREATE = f"""mutation($company: ID!, $email: String!) {{
    companyContactCreate(companyId: $company, input: {{email: $email, sendInvitation: true}}) {{
      companyContact {{ id customer {{ id email status }} }} {ERRORS} }} }}"""

INVITE = f"mutation($id: ID!) {{ customerInvite(customerId: $id) {{ {ERRORS} }} }}"
STAFF_UPDATE = f"""mutation($id: ID!) {{ customerUpdate(customerId: $id, input: {{status: ACTIVE}}) {{ {ERRORS} }} }}"""

DOCK = {"address1": "Dock 4", "city": "Hamburg", "countryCode": "DE", "recipient": "Olga Berg", "phone": "+49 40 1"}


async def viewer_id(buyer) -> str:  # noqa: ANN001
    return (await buyer(VIEWER))["viewer"]["id"]


async def rows(db, model, *where) -> int:  # noqa: ANN001
    async with db.reader() as session:
        return await session.scalar(select(func.count()).select_from(model).where(*where))


async def test_anonymous_visitors_must_log_in(storefront):
    payload = (await storefront(DELETE))["customerDelete"]
    assert payload["deletedCustomerId"] is None
    assert codes(payload) == [(None, "LOGIN_REQUIRED")]


async def test_a_login_older_than_ten_minutes_must_be_renewed_with_a_new_code(acme, db, client, storefront):
    dora = await login(db, client, "dora@mail.test")
    clock.advance(11 * 60)
    payload = (await dora(DELETE))["customerDelete"]
    assert codes(payload) == [(None, "RECENT_LOGIN_REQUIRED")]
    assert "log in again with a new code" in payload["userErrors"][0]["message"]
    assert (await dora(VIEWER))["viewer"]["email"] == "dora@mail.test"  # nothing changed, still logged in
    fresh = as_viewer(storefront, await log_in(storefront, db, "dora@mail.test"))
    clock.advance(9 * 60)
    payload = (await fresh(DELETE))["customerDelete"]
    assert payload["userErrors"] == [] and payload["deletedCustomerId"].startswith("gid://gateway/Customer/")
    assert (await dora.post(VIEWER)).status_code == 401  # the old session ended too


async def test_a_companys_main_contact_cannot_delete_itself(acme, admin):
    anna = acme["buyer"]  # Acme's main contact
    payload = (await anna(DELETE))["customerDelete"]
    assert codes(payload) == [(None, "MAIN_CONTACT")]
    message = payload["userErrors"][0]["message"]
    assert "main contact of Acme" in message and "merchant" in message
    assert (await anna(VIEWER))["viewer"]["email"] == "anna@acme.test"
    clock.advance(11 * 60)  # everything in the way is said at once
    assert codes((await anna(DELETE))["customerDelete"]) == [(None, "MAIN_CONTACT"), (None, "RECENT_LOGIN_REQUIRED")]


async def test_outstanding_orders_must_be_paid_first(acme, admin, db, client):
    hq = acme["location"]
    await set_terms(admin, hq, "Net 30")
    olga = await colleague(admin, db, client, "olga@acme.test", hq, "ORDERING_ONLY")
    lars = await colleague(admin, db, client, "lars@acme.test", hq, "LOCATION_ADMIN")
    order = (await checkout(olga, await new_cart(olga, acme["bolt"]["variants"][0], 3)))["order"]
    assert order["totalOutstanding"] == {"amount": "30.00"}

    for buyer in (olga, lars):  # the buyer that placed it, and the admin of its location (who sees it owed)
        payload = (await buyer(DELETE))["customerDelete"]
        assert codes(payload) == [(None, "OUTSTANDING_ORDERS")]
        message = payload["userErrors"][0]["message"]
        assert "30.00 EUR is outstanding on 1 order" in message and order["name"] in message
        assert "Pay it first" in message and "merchant" in message

    # anna is both Acme's main contact and the admin of HQ: both reasons at once
    both = (await acme["buyer"](DELETE))["customerDelete"]
    assert codes(both) == [(None, "MAIN_CONTACT"), (None, "OUTSTANDING_ORDERS")]

    assert (await pay(olga, order["id"], await add_card(olga)))["userErrors"] == []
    assert (await lars(DELETE))["customerDelete"]["userErrors"] == []
    assert (await olga(DELETE))["customerDelete"]["userErrors"] == []


async def test_a_deleted_account_is_erased_its_orders_kept_and_the_merchant_told(
    acme, admin, db, client, storefront, settings
):
    hq, anna = acme["location"], acme["buyer"]
    updated = await admin(LOCATION_UPDATE, id=hq, input={"shippingAddress": DOCK, "billingAddress": DOCK})
    assert updated["companyLocationUpdate"]["userErrors"] == []
    olga = await colleague(admin, db, client, "olga@acme.test", hq, "ORDERING_ONLY")
    olga_id = await viewer_id(olga)
    named = await admin(f"""mutation($id: ID!) {{ customerUpdate(customerId: $id, input: {{firstName: "Olga",
        lastName: "Berg", phone: "+49 40 1", note: "prefers mornings"}}) {{ {ERRORS} }} }}""", id=olga_id)
    assert named["customerUpdate"]["userErrors"] == []
    order = await place_order(olga, (acme["bolt"]["variants"][0], 2), poNumber="PO-7", note="Call Olga on arrival")
    await new_cart(olga, acme["nut"]["variants"][0])  # an open cart
    await log_in(storefront, db, "olga@acme.test")  # a second session and a used login code
    anna_order = await place_order(anna, (acme["nut"]["variants"][0], 1), note="Anna's own")
    [line] = (await olga("query($id: ID!) { order(id: $id) { lineItems { id } } }", id=order["id"]))["order"]["lineItems"]
    asked = await olga(f"""mutation($id: ID!, $line: ID!) {{ orderRequestReturn(orderId: $id, lines: [{{orderLineId: $line,
        quantity: 1, reason: DEFECTIVE, note: "Olga, olga@acme.test, +49 40 1"}}]) {{ {ERRORS} }} }}""",
                       id=order["id"], line=line["id"])
    assert asked["orderRequestReturn"]["userErrors"] == []
    mails_before = len(await mails_to(db, "olga@acme.test"))
    assert mails_before >= 3  # order confirmation, login code, return requested
    assert await worker.run_once(db, settings) > 0  # the merchant's copy of the return is sent: the log keeps it

    payload = (await olga(DELETE))["customerDelete"]
    assert payload == {"deletedCustomerId": olga_id, "userErrors": []}

    # the session ends: the token stops working
    assert (await olga.post(VIEWER)).status_code == 401
    pk = int(olga_id.rsplit("/", 1)[1])
    # the merchant sees an anonymised, DELETED customer
    customer = (await admin(STAFF_CUSTOMER, id=olga_id))["customer"]
    assert customer == {
        "id": olga_id, "email": f"deleted-{pk}@invalid", "firstName": None, "lastName": None, "phone": None,
        "status": "DELETED", "note": None, "companyContacts": [],
    }
    # the order stays for the books, its amounts, lines and location intact, without personal data
    kept = (await admin(STAFF_ORDER, id=order["id"]))["node"]
    assert kept["name"] == order["name"] and kept["poNumber"] == "PO-7" and kept["note"] is None
    assert (kept["total"], kept["totalPaid"], kept["location"]) == ({"amount": "20.00"}, {"amount": "20.00"},
                                                                     {"name": "HQ"})
    assert kept["lineItems"] == [{"sku": "BOLT-S", "quantity": 2, "total": {"amount": "20.00"}}]
    impersonal = {"address1": "Dock 4", "city": "Hamburg", "countryCode": "DE", "recipient": None, "phone": None}
    assert kept["shippingAddress"] == kept["billingAddress"] == impersonal
    async with db.reader() as session:  # its charge is still booked
        assert await session.scalar(select(func.sum(Transaction.amount))) == 2000 + 1005
    # another buyer's order is untouched, and HQ's admin still sees the deleted buyer's order
    other = (await admin(STAFF_ORDER, id=anna_order["id"]))["node"]
    assert other["note"] == "Anna's own" and other["shippingAddress"]["recipient"] == "Olga Berg"
    seen = (await anna("{ viewer { orders(first: 10) { nodes { id } } } }"))["viewer"]["orders"]["nodes"]
    assert {o["id"] for o in seen} == {order["id"], anna_order["id"]}
    roles = await anna("{ viewer { selectedLocation { roleAssignments { companyContact { customer { email } } } } } }")
    assert [a["companyContact"]["customer"]["email"] for a in roles["viewer"]["selectedLocation"]["roleAssignments"]] \
        == ["anna@acme.test"]
    # what she wrote is gone: the return's note, and the sent emails that named her
    async with db.reader() as session:
        assert list(await session.scalars(select(ReturnLine.note))) == [None]
        merchant_copy = await session.scalar(select(OutboxMessage).where(
            OutboxMessage.headers["X-Gateway-Template"].as_string() == "return_update_merchant"))
    assert merchant_copy.status == "SENT" and merchant_copy.body_text == deletion.ERASED
    assert merchant_copy.body_html is None
    # nothing of hers is left
    for model, where in (
        (CustomerSession, CustomerSession.customer_id == pk), (LoginCode, LoginCode.email == "olga@acme.test"),
        (Cart, Cart.customer_id == pk), (PaymentMethod, PaymentMethod.customer_id == pk),
        (IdempotencyKey, IdempotencyKey.customer_id == pk), (CompanyContact, CompanyContact.customer_id == pk),
        (OutboxMessage, OutboxMessage.recipient == "olga@acme.test"),
        (Customer, func.lower(Customer.email) == "olga@acme.test"),
    ):
        assert await rows(db, model, where) == 0, model.__name__
    # the merchant is told who left
    [farewell] = [m for m in await mails_to(db, MERCHANT) if m.headers["X-Gateway-Template"] == "customer_deleted"]
    assert "Olga Berg <olga@acme.test>" in farewell.body_text and olga_id in farewell.body_text
    assert "Acme" in farewell.body_text and "Orders kept for your books, without its personal data: 1" in \
        farewell.body_text


async def test_the_same_email_can_be_invited_and_log_in_again_while_the_deleted_customer_stays_erased(
    acme, admin, db, client, storefront
):
    olga = await colleague(admin, db, client, "olga@acme.test", acme["location"], "ORDERING_ONLY")
    old_id = await viewer_id(olga)
    old_order = await place_order(olga, (acme["bolt"]["variants"][0], 1))
    assert (await olga(DELETE))["customerDelete"]["userErrors"] == []
    pk = int(old_id.rsplit("/", 1)[1])

    # the deleted customer cannot be changed, invited, or made a contact again (its placeholder is no valid email)
    assert codes((await admin(STAFF_UPDATE, id=old_id))["customerUpdate"]) == [(["customerId"], "CUSTOMER_DELETED")]
    assert codes((await admin(INVITE, id=old_id))["customerInvite"]) == [(["customerId"], "CUSTOMER_DELETED")]
    company = (await admin("{ companies(first: 1) { nodes { id } } }"))["companies"]["nodes"][0]["id"]
    again = (await admin(CONTACT_CREATE, company=company, email=f"deleted-{pk}@invalid"))["companyContactCreate"]
    assert codes(again) == [(["input", "email"], "INVALID")]

    # the email itself is free: the merchant invites it as a new customer, who logs in with a code
    made = (await admin(CONTACT_CREATE, company=company, email="Olga@acme.test"))["companyContactCreate"]
    assert made["userErrors"] == []
    new_customer = made["companyContact"]["customer"]
    assert new_customer["id"] != old_id and new_customer["status"] == "INVITED"
    assert [m.headers["X-Gateway-Template"] for m in await mails_to(db, "olga@acme.test")] == ["invitation"]
    back = as_viewer(storefront, await log_in(storefront, db, "olga@acme.test"))
    viewer = (await back("{ viewer { id email status orders(first: 5) { nodes { id } } } }"))["viewer"]
    assert viewer == {"id": new_customer["id"], "email": "olga@acme.test", "status": "ACTIVE",
                      "orders": {"nodes": []}}  # the old orders were not hers
    assert (await admin(STAFF_ORDER, id=old_order["id"]))["node"]["name"] == old_order["name"]


async def test_a_direct_customer_deletes_its_account_and_can_register_again(acme, db, client, storefront):
    dora = await login(db, client, "dora@mail.test")
    card = await add_card(dora)
    await place_order(dora, (acme["nut"]["variants"][0], 1))
    asked = await storefront("""mutation { companyAccountRequest(input: {companyName: "Dora AS", email: "Dora@mail.test",
        firstName: "Dora", lastName: "Lund"}) { userErrors { code } } }""")
    assert asked["companyAccountRequest"]["userErrors"] == []
    payload = (await dora(DELETE))["customerDelete"]
    assert payload["userErrors"] == []
    assert await rows(db, AccountRequest) == 0  # her request to become a business customer held her name
    async with db.reader() as session:
        assert await session.scalar(select(Transaction.payment_method_id)) is None  # the card is gone
    assert card
    back = as_viewer(storefront, await log_in(storefront, db, "dora@mail.test"))
    assert (await back(VIEWER))["viewer"]["id"] != payload["deletedCustomerId"]
    farewell = [m for m in await mails_to(db, MERCHANT) if m.headers["X-Gateway-Template"] == "customer_deleted"]
    assert len(farewell) == 1 and "none (a direct customer)" in farewell[0].body_text


async def test_an_email_erased_while_it_is_being_sent_does_not_stop_the_sender(acme, db, client, settings):
    dora = await login(db, client, "dora@mail.test")
    await place_order(dora, (acme["nut"]["variants"][0], 1))  # queues her order confirmation

    class DeletingMidSend:
        """Dora deletes her account while the sender talks to the mail server about her email."""

        async def send(self, message) -> None:  # noqa: ANN001
            assert message["To"] == "dora@mail.test"
            assert (await dora(DELETE))["customerDelete"]["userErrors"] == []

    assert await worker.run_once(db, settings, DeletingMidSend()) == 1
    assert await rows(db, OutboxMessage, OutboxMessage.recipient == "dora@mail.test") == 0
    [farewell] = await mails_to(db, MERCHANT)
    assert farewell.status == "PENDING"
