"""The process is up and its database reachable."""


async def test_healthz_and_readyz(client):
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    assert (await client.get("/readyz")).json() == {"status": "ok"}


async def test_starting_without_a_merchant_email_is_warned(settings, db, caplog):  # noqa: ANN001
    import logging

    from gateway.app import create_app

    app = create_app(settings.model_copy(update={"merchant_email": None}), db)
    with caplog.at_level(logging.WARNING, logger="gateway"):
        async with app.router.lifespan_context(app):
            pass
    assert any("MERCHANT_EMAIL is not set" in r.message for r in caplog.records)
