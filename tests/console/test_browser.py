"""The console in Chromium, as a merchant uses it: log in with the code from the email the SMTP
server received, approve a draft and see its order, decline an account request, import a CSV with a
bad row and read the error, use GraphiQL offline. The screenshots in docs/screenshots/ come from here."""

from __future__ import annotations

import asyncio
import re

from tests.auth.helpers import code_in
from tests.console.browser import offline_page, screenshot
from tests.console.helpers import make_staff
from tests.console.world import world
from tests.outbox.smtp import SmtpServer

STAFF = "manager@shop.test"


async def code_from(smtp: SmtpServer, email: str) -> str:
    """The code in the newest email the SMTP server received for email (the sender polls each second)."""
    for _ in range(100):
        mails = smtp.inbox.to(email)
        if mails:
            return code_in(mails[-1].get_body(("plain",)).get_content())
        await asyncio.sleep(0.1)
    raise AssertionError(f"no email reached {email}")


async def log_in(page, server, smtp: SmtpServer, email: str = STAFF) -> None:  # noqa: ANN001
    await page.goto(f"{server.url}/console/")
    await page.get_by_label("Email").fill(email)
    await page.get_by_role("button", name="Send me a code").click()
    await page.get_by_label("Code").fill(await code_from(smtp, email))
    await page.get_by_role("button", name="Log in").click()
    await page.get_by_role("heading", name="Drafts").wait_for()


async def test_a_manager_approves_a_draft_and_sees_the_order(acme, admin, storefront, catalog, db, smtp,
                                                             live_server, browser):
    shop = await world(acme, admin, storefront, catalog)
    await make_staff(db, STAFF, "MANAGER")
    page = await offline_page(browser, live_server)
    await log_in(page, live_server, smtp)
    await screenshot(page, "drafts")

    await page.get_by_role("link", name=f"D{shop['draft']}").click()
    await page.get_by_role("heading", name=f"Draft D{shop['draft']}").wait_for()
    await page.get_by_label("Quantity of BOLT-S").fill("4")
    await page.get_by_role("button", name="Save changes").click()
    assert "Saved." in await page.get_by_role("status").inner_text()
    assert await page.get_by_label("Quantity of BOLT-S").input_value() == "4"
    await screenshot(page, "draft")

    await page.get_by_role("button", name="Approve").click()
    await page.get_by_role("heading", name=re.compile(r"^Order #")).wait_for()
    assert "Approved." in await page.get_by_role("status").inner_text()
    assert "PENDING" in await page.locator(".facts").inner_text()
    await screenshot(page, "order")
    assert page.outside == []


async def test_a_manager_declines_an_account_request(acme, admin, storefront, catalog, db, smtp, live_server, browser):
    shop = await world(acme, admin, storefront, catalog)
    await make_staff(db, STAFF, "MANAGER")
    page = await offline_page(browser, live_server)
    await log_in(page, live_server, smtp)
    await page.get_by_role("link", name="Account requests").click()
    await page.get_by_role("heading", name="Account requests").wait_for()
    await screenshot(page, "account-requests")
    await page.get_by_role("link", name="Nordic Tools AB").click()
    await page.get_by_label("Reason (sent to the applicant)").fill("We sell to the trade only.")
    await page.get_by_role("button", name="Decline").click()
    await page.get_by_role("status").wait_for()
    facts = await page.locator(".facts").inner_text()
    assert "DECLINED" in facts and "We sell to the trade only." in facts
    request = await admin("query($id: ID!) { accountRequest(id: $id) { status } }",
                          id=f"gid://gateway/AccountRequest/{shop['request']}")
    assert request["accountRequest"]["status"] == "DECLINED"


async def test_an_import_with_a_bad_row_shows_the_error_by_line_and_column(admin, db, smtp, live_server, browser,
                                                                          tmp_path):
    await make_staff(db, STAFF, "MANAGER")
    page = await offline_page(browser, live_server)
    await log_in(page, live_server, smtp)
    await page.get_by_role("link", name="Import / export").click()
    csv = tmp_path / "register.csv"
    csv.write_text("company_external_id,company_name,location_external_id,location_name,credit_limit\n"
                   "ERP-1,Nordic Tools AB,ERP-1-1,Gothenburg,5000\n"
                   "ERP-2,Baufix GmbH,ERP-2-1,Berlin,lots\n")
    await page.get_by_label("CSV file").set_input_files(str(csv))
    await page.get_by_role("button", name="Check the file").click()
    errors = page.locator("table.row-errors")
    await errors.wait_for()
    row = await errors.locator("tbody tr").first.inner_text()
    assert row.split("\t")[:2] == ["3", "credit_limit"], row
    assert await page.get_by_role("button", name="Import").count() == 0  # a file with errors is not offered
    await screenshot(page, "import-errors")
    assert (await admin("{ companies(first: 5) { nodes { id } } }"))["companies"]["nodes"] == []  # a dry run


async def test_graphiql_works_offline_with_the_console_session(acme, admin, db, smtp, live_server, browser):
    await make_staff(db, STAFF, "VIEWER")
    page = await offline_page(browser, live_server)
    await log_in(page, live_server, smtp)
    await page.goto(f"{live_server.url}/admin/graphql")
    await page.locator(".graphiql-container").wait_for()
    await page.locator(".graphiql-execute-button").click()
    result = page.locator(".result-window")
    await result.get_by_text('"draftOrders"').wait_for()
    assert page.outside == []
    page = await offline_page(browser, live_server)  # GraphiQL keeps the last query per origin: a fresh one
    await page.goto(f"{live_server.url}/graphql")
    await page.locator(".graphiql-container").wait_for()
    await page.locator(".graphiql-execute-button").click()
    await page.locator(".result-window").get_by_text('"accessMode"').wait_for()
    assert page.outside == []
