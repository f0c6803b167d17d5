"""Unexpected errors are masked: a generic message pointing at X-Request-ID, no internals."""

from gateway.customers import companies
from tests.helpers import COMPANY_CREATE


async def test_an_unexpected_error_is_masked_and_logged(admin, monkeypatch, caplog):
    async def broken(session, data):  # noqa: ANN001, ANN202
        raise RuntimeError("secret internals: password=hunter2")

    monkeypatch.setattr(companies, "create", broken)
    response = await admin.post(COMPANY_CREATE, input={"company": {"name": "Acme"}})
    body = response.json()
    request_id = response.headers["x-request-id"]
    assert request_id
    assert body["errors"][0]["message"] == "Internal error. Quote the X-Request-ID response header to support."
    assert "hunter2" not in response.text and "Traceback" not in response.text and "RuntimeError" not in response.text
    # The details are not lost: they go to the log (whose handler stamps the request id).
    logged = [r for r in caplog.records if r.exc_info and "hunter2" in str(r.exc_info[1])]
    assert logged and logged[0].levelname == "ERROR"


async def test_a_request_id_sent_by_the_client_is_echoed(admin):
    response = await admin.http.post(
        "/admin/graphql", json={"query": "{ shop { name } }"},
        headers={"Authorization": f"Bearer {admin.token}", "X-Request-ID": "abc-123"},
    )
    assert response.headers["x-request-id"] == "abc-123"
