"""Relay connections of the Admin API: keyset cursors both ways, sort keys, search, limits."""

import pytest

from gateway.platform.pagination import encode_cursor
from tests.helpers import ERRORS, create_company, create_product

PAGE = """edges { cursor node { name } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }"""
COMPANIES = f"""query($first: Int, $after: String, $last: Int, $before: String, $search: String,
                     $sortKey: CompanySortKey, $reverse: Boolean) {{
    companies(first: $first, after: $after, last: $last, before: $before, query: $search,
              sortKey: $sortKey, reverse: $reverse) {{ {PAGE} }} }}"""


def names(connection: dict) -> list[str]:
    return [edge["node"]["name"] for edge in connection["edges"]]


@pytest.fixture
async def five(admin):
    """Companies E, C, A, D, B, created in that order."""
    for name in "ECADB":
        await create_company(admin, name, email=f"{name.lower()}@{name.lower()}.test", externalId=f"ERP-{name}")


async def test_forward_pages_by_id(admin, five):
    page = (await admin(COMPANIES, first=2))["companies"]
    assert names(page) == ["E", "C"]
    assert page["pageInfo"]["hasNextPage"] is True and page["pageInfo"]["hasPreviousPage"] is False
    page = (await admin(COMPANIES, first=2, after=page["pageInfo"]["endCursor"]))["companies"]
    assert names(page) == ["A", "D"] and page["pageInfo"]["hasPreviousPage"] is True
    page = (await admin(COMPANIES, first=2, after=page["pageInfo"]["endCursor"]))["companies"]
    assert names(page) == ["B"] and page["pageInfo"]["hasNextPage"] is False


async def test_backward_pages(admin, five):
    page = (await admin(COMPANIES, last=2))["companies"]
    assert names(page) == ["D", "B"]
    assert page["pageInfo"]["hasPreviousPage"] is True and page["pageInfo"]["hasNextPage"] is False
    page = (await admin(COMPANIES, last=2, before=page["pageInfo"]["startCursor"]))["companies"]
    assert names(page) == ["C", "A"] and page["pageInfo"]["hasNextPage"] is True
    page = (await admin(COMPANIES, last=2, before=page["pageInfo"]["startCursor"]))["companies"]
    assert names(page) == ["E"] and page["pageInfo"]["hasPreviousPage"] is False


async def test_sort_key_and_reverse(admin, five):
    first = (await admin(COMPANIES, first=3, sortKey="NAME"))["companies"]
    assert names(first) == ["A", "B", "C"]
    rest = (await admin(COMPANIES, first=3, sortKey="NAME", after=first["pageInfo"]["endCursor"]))["companies"]
    assert names(rest) == ["D", "E"]
    reversed_ = (await admin(COMPANIES, first=2, sortKey="NAME", reverse=True))["companies"]
    assert names(reversed_) == ["E", "D"]
    after = (await admin(COMPANIES, first=2, sortKey="NAME", reverse=True,
                         after=reversed_["pageInfo"]["endCursor"]))["companies"]
    assert names(after) == ["C", "B"]
    created = (await admin(COMPANIES, first=5, sortKey="CREATED_AT", reverse=True))["companies"]
    assert names(created) == ["B", "D", "A", "C", "E"]


@pytest.mark.parametrize(("query", "expected"), [("c", ["C"]), ("erp-d", ["D"]), ("A@A.TEST", ["A"]), ("zzz", [])])
async def test_query_searches_name_external_id_and_contact_email(admin, five, query, expected):
    # "c" also matches no other name, external id or email: each company's own letter only.
    assert names((await admin(COMPANIES, first=10, search=query))["companies"]) == expected


async def test_query_treats_wildcards_literally(admin, five):
    await create_company(admin, "100% Steel", email=None)
    assert names((await admin(COMPANIES, first=10, search="%"))["companies"]) == ["100% Steel"]


async def test_products_search_by_sku(admin):
    await create_product(admin, "Bolt", "B-100")
    await create_product(admin, "Nut", "N-200")
    data = await admin('{ products(first: 10, query: "n-2") { nodes { title } } }')
    assert data["products"]["nodes"] == [{"title": "Nut"}]


async def test_catalogs_list(admin):
    for title in ("One", "Two"):
        await admin(f'mutation {{ catalogCreate(input: {{title: "{title}"}}) {{ {ERRORS} }} }}')
    data = await admin("{ catalogs(first: 1, reverse: true) { nodes { title } pageInfo { hasNextPage } } }")
    assert data["catalogs"] == {"nodes": [{"title": "Two"}], "pageInfo": {"hasNextPage": True}}


@pytest.mark.parametrize("args", ["first: 101", "last: 101", "first: -1", "first: 1, last: 1"])
async def test_bad_page_sizes_are_visible_errors(admin, args):
    errors = await admin.errors(f"{{ companies({args}) {{ nodes {{ id }} }} }}")
    assert "Internal error" not in errors[0]["message"]
    assert errors[0]["extensions"]["code"] in ("GREATER_THAN", "INVALID")


async def test_nested_page_size_is_capped_too(admin):
    await create_company(admin)
    errors = await admin.errors("{ companies(first: 1) { nodes { locations(first: 101) { nodes { id } } } } }")
    assert errors[0]["extensions"]["code"] == "GREATER_THAN"


@pytest.mark.parametrize(
    "cursor",
    ["garbage", encode_cursor("not-a-number"), encode_cursor(1, 2), encode_cursor(True), encode_cursor(None),
     encode_cursor(2**63)],  # past BIGINT
)
async def test_bad_cursors_are_visible_errors(admin, five, cursor):
    for query in (
        "query($c: String) { companies(first: 1, after: $c) { nodes { id } } }",
        "query($c: String) { companies(last: 1, before: $c) { nodes { id } } }",
        "query($c: String) { companies(first: 1) { nodes { locations(first: 1, after: $c) { nodes { id } } } } }",
    ):
        errors = await admin.errors(query, c=cursor)
        assert errors[0]["extensions"]["code"] == "INVALID_CURSOR", errors


async def test_a_cursor_of_another_sort_key_is_refused(admin, five):
    page = (await admin(COMPANIES, first=1, sortKey="NAME"))["companies"]
    errors = await admin.errors(COMPANIES, first=1, sortKey="CREATED_AT", after=page["pageInfo"]["endCursor"])
    assert errors[0]["extensions"]["code"] == "INVALID_CURSOR"


async def test_nested_connections_page_by_cursor(admin):
    company = await create_company(admin, location="L1")
    for name in ("L2", "L3"):
        await admin(f"""mutation($id: ID!) {{ companyLocationCreate(companyId: $id, input: {{name: "{name}"}}) {{
            {ERRORS} }} }}""", id=company["id"])
    query = """query($id: ID!, $after: String) { company(id: $id) { locations(first: 2, after: $after) {
        nodes { name } pageInfo { hasNextPage endCursor } } } }"""
    first = (await admin(query, id=company["id"]))["company"]["locations"]
    assert [n["name"] for n in first["nodes"]] == ["L1", "L2"] and first["pageInfo"]["hasNextPage"]
    rest = (await admin(query, id=company["id"], after=first["pageInfo"]["endCursor"]))["company"]["locations"]
    assert [n["name"] for n in rest["nodes"]] == ["L3"] and not rest["pageInfo"]["hasNextPage"]


async def test_customers_and_products_sort_keys(admin):
    for email in ("cy@x.test", "al@x.test", "bo@x.test"):
        await create_company(admin, email, email=email)
    data = await admin("{ customers(first: 2, sortKey: EMAIL) { nodes { email } pageInfo { endCursor } } }")
    assert [n["email"] for n in data["customers"]["nodes"]] == ["al@x.test", "bo@x.test"]
    rest = await admin("query($c: String) { customers(first: 2, sortKey: EMAIL, after: $c) { nodes { email } } }",
                       c=data["customers"]["pageInfo"]["endCursor"])
    assert rest["customers"]["nodes"] == [{"email": "cy@x.test"}]
    for title in ("Nut", "Bolt", "Washer"):
        await create_product(admin, title)
    products = await admin("{ products(first: 3, sortKey: TITLE, reverse: true) { nodes { title } } }")
    assert [n["title"] for n in products["products"]["nodes"]] == ["Washer", "Nut", "Bolt"]


@pytest.mark.parametrize("sort_key", ["CREATED_AT", "UPDATED_AT"])
@pytest.mark.parametrize("reverse", [False, True])
async def test_time_sort_keys_page_through_every_row_once(admin, five, sort_key, reverse):
    seen, cursor = [], None
    while True:
        page = (await admin(COMPANIES, first=2, after=cursor, sortKey=sort_key, reverse=reverse))["companies"]
        seen += names(page)
        if not page["pageInfo"]["hasNextPage"]:
            break
        cursor = page["pageInfo"]["endCursor"]
    assert seen == (list("BDACE") if reverse else list("ECADB"))


async def test_equal_sort_values_are_split_by_id_across_pages(admin):
    created = [(await create_company(admin, "Same", email=None))["id"] for _ in range(3)]
    seen, cursor = [], None
    for _ in range(3):
        page = (await admin("""query($c: String) { companies(first: 1, after: $c, sortKey: NAME) {
            nodes { id } pageInfo { endCursor } } }""", c=cursor))["companies"]
        seen += [n["id"] for n in page["nodes"]]
        cursor = page["pageInfo"]["endCursor"]
    assert seen == created
