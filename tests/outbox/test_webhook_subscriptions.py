"""webhookSubscriptionCreate, the list, delete, validation, and the secret shown only once."""

from __future__ import annotations

from tests.helpers import ERRORS, codes
from tests.outbox.webhooks import SUBSCRIBE, subscribe

LIST = """query($topic: WebhookTopic, $first: Int, $after: String) {
    webhookSubscriptions(first: $first, after: $after, topic: $topic) {
      nodes { id topic url status createdAt } pageInfo { hasNextPage endCursor } } }"""

DELETE = f"""mutation($id: ID!) {{ webhookSubscriptionDelete(id: $id) {{ deletedWebhookSubscriptionId {ERRORS} }} }}"""


async def test_create_answers_the_subscription_and_its_secret(admin) -> None:
    payload = (await admin(SUBSCRIBE, topic="ORDERS_CREATE", url="https://erp.example/hooks?x=1"))
    made = payload["webhookSubscriptionCreate"]
    assert made["userErrors"] == []
    subscription = made["webhookSubscription"]
    assert subscription["id"].startswith("gid://gateway/WebhookSubscription/")
    assert (subscription["topic"], subscription["url"], subscription["status"]) == (
        "ORDERS_CREATE", "https://erp.example/hooks?x=1", "ACTIVE")
    assert subscription["createdAt"]
    assert made["secret"].startswith("whsec_") and len(made["secret"]) > 40
    _, other = await subscribe(admin, "ORDERS_CREATE", "https://erp.example/other")
    assert other != made["secret"]


async def test_the_secret_cannot_be_read_again(admin) -> None:
    gid, secret = await subscribe(admin, "COMPANIES_CREATE", "https://erp.example/hooks")
    fields = await admin("""{ __type(name: "WebhookSubscription") { fields { name } } }""")
    assert "secret" not in {f["name"] for f in fields["__type"]["fields"]}
    errors = await admin.errors("query($id: ID!) { webhookSubscription(id: $id) { secret } }", id=gid)
    assert "secret" in errors[0]["message"]
    for query, variables in (
        (LIST, {}),
        ("query($id: ID!) { webhookSubscription(id: $id) { id url topic status createdAt } }", {"id": gid}),
        ("query($id: ID!) { node(id: $id) { ... on WebhookSubscription { id url deliveries { nodes { id } } } } }",
         {"id": gid}),
    ):
        response = await admin.post(query, **variables)
        assert response.status_code == 200 and gid in response.text
        assert secret not in response.text


async def test_bad_urls_and_topics_are_refused_and_nothing_is_made(admin) -> None:
    cases = {
        "ftp://erp.example/hooks": "INVALID",
        "/hooks": "INVALID",
        "erp.example/hooks": "INVALID",
        "https://": "INVALID",
        "http://user:pw@erp.example/hooks": "INVALID",
        "https://erp.example/a b": "INVALID",
        "https://erp.example:99999/": "INVALID",
        "   ": "BLANK",
        "https://erp.example/" + "x" * 2100: "TOO_LONG",
    }
    for url, code in cases.items():
        payload = (await admin(SUBSCRIBE, topic="ORDERS_PAID", url=url))["webhookSubscriptionCreate"]
        assert codes(payload) == [(["url"], code)], url
        assert payload["webhookSubscription"] is None and payload["secret"] is None
    errors = await admin.errors(SUBSCRIBE, topic="ORDERS_SHIPPED", url="https://erp.example/h")
    assert "ORDERS_SHIPPED" in errors[0]["message"]
    assert (await admin(LIST))["webhookSubscriptions"]["nodes"] == []


async def test_one_url_subscribes_once_per_topic(admin) -> None:
    await subscribe(admin, "ORDERS_PAID", "https://erp.example/hooks")
    again = (await admin(SUBSCRIBE, topic="ORDERS_PAID", url="https://erp.example/hooks"))["webhookSubscriptionCreate"]
    assert codes(again) == [(["url"], "TAKEN")]
    await subscribe(admin, "ORDERS_CREATE", "https://erp.example/hooks")  # another topic is fine


async def test_list_filters_by_topic_and_pages(admin) -> None:
    made = [await subscribe(admin, "ORDERS_CREATE", f"https://erp.example/{n}") for n in range(3)]
    await subscribe(admin, "COMPANIES_UPDATE", "https://erp.example/c")
    first = (await admin(LIST, topic="ORDERS_CREATE", first=2))["webhookSubscriptions"]
    assert [n["id"] for n in first["nodes"]] == [made[0][0], made[1][0]]
    assert first["pageInfo"]["hasNextPage"] is True
    rest = (await admin(LIST, topic="ORDERS_CREATE", first=2, after=first["pageInfo"]["endCursor"]))
    assert [n["id"] for n in rest["webhookSubscriptions"]["nodes"]] == [made[2][0]]
    everything = (await admin(LIST))["webhookSubscriptions"]["nodes"]
    assert {n["topic"] for n in everything} == {"ORDERS_CREATE", "COMPANIES_UPDATE"}


async def test_delete_removes_it_and_a_second_delete_is_not_found(admin) -> None:
    gid, _ = await subscribe(admin, "ORDERS_CREATE", "https://erp.example/hooks")
    deleted = (await admin(DELETE, id=gid))["webhookSubscriptionDelete"]
    assert deleted == {"deletedWebhookSubscriptionId": gid, "userErrors": []}
    assert (await admin(LIST))["webhookSubscriptions"]["nodes"] == []
    again = (await admin(DELETE, id=gid))["webhookSubscriptionDelete"]
    assert codes(again) == [(["id"], "NOT_FOUND")]
    wrong_type = (await admin(DELETE, id="gid://gateway/Company/1"))["webhookSubscriptionDelete"]
    assert codes(wrong_type) == [(["id"], "NOT_FOUND")]


async def test_the_storefront_has_no_webhooks(storefront) -> None:
    errors = await storefront.errors("{ webhookSubscriptions(first: 1) { nodes { id } } }")
    assert [e["message"] for e in errors] == ["Cannot query field 'webhookSubscriptions' on type 'Query'."]
