"""The process is up and its database reachable (the Admin API has its own tests in tests/admin)."""


async def test_healthz_and_readyz(client):
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    assert (await client.get("/readyz")).json() == {"status": "ok"}
