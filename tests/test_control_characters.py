"""A control character in any text input is a userError (a NUL cannot even be stored in PostgreSQL
text), and in a search term it matches nothing instead of failing."""

from __future__ import annotations

from tests.helpers import ERRORS, codes

NUL = "A\u0000B"


async def test_text_inputs_refuse_control_characters(admin, storefront):
    made = (await admin(f"""mutation($name: String!) {{ companyCreate(input: {{company: {{name: $name}}}}) {{
        company {{ id }} {ERRORS} }} }}""", name=NUL))["companyCreate"]
    assert made["company"] is None and codes(made) == [(["input", "company", "name"], "INVALID")]
    assert (await admin("{ companies(first: 5) { nodes { id } } }"))["companies"]["nodes"] == []

    asked = (await storefront(f"""mutation($note: String!) {{ companyAccountRequest(input: {{companyName: "Acme",
        email: "a@acme.test", firstName: "A", lastName: "B", message: $note}}) {{ {ERRORS} }} }}""",
                              note="bell\u0007"))["companyAccountRequest"]
    assert codes(asked) == [(["input", "message"], "INVALID")]


async def test_tabs_and_line_breaks_are_text(storefront):
    asked = (await storefront(f"""mutation($note: String!) {{ companyAccountRequest(input: {{companyName: "Acme",
        email: "a@acme.test", firstName: "A", lastName: "B", message: $note}}) {{ {ERRORS} }} }}""",
                              note="line one\r\n\tline two"))["companyAccountRequest"]
    assert asked["userErrors"] == []


async def test_search_terms_with_control_characters_match_nothing_and_do_not_fail(admin, storefront):
    assert (await storefront("query($q: String) { products(first: 5, query: $q) { nodes { id } } }", q=NUL))[
        "products"]["nodes"] == []
    for query in ("companies", "customers", "orders", "products"):
        found = await admin(f"query($q: String) {{ {query}(first: 5, query: $q) {{ nodes {{ id }} }} }}", q=NUL)
        assert found[query]["nodes"] == []


async def test_a_search_query_longer_than_255_characters_is_refused_clearly(admin, storefront):
    for client, query in ((storefront, "products"), (admin, "orders"), (admin, "companies")):
        errors = await client.errors(f"query($q: String) {{ {query}(first: 5, query: $q) {{ nodes {{ id }} }} }}",
                                     q="x" * 256)
        assert errors[0]["message"] == "A search query has at most 255 characters.", query
