"""shopUpdate and the shop's settings through the Admin API."""

import pytest

from tests.helpers import ERRORS, codes, create_company

UPDATE = f"""mutation($input: ShopInput!) {{ shopUpdate(input: $input) {{
    shop {{ name currencyCode accessMode }} {ERRORS} }} }}"""
READ = "{ shop { name accessMode } customerNumberSeries { prefix nextNumber } }"


async def test_update_name_access_mode_and_number_series(admin):
    payload = (await admin(UPDATE, input={
        "name": "Nordic Tools", "accessMode": "B2B_ONLY", "customerNumberPrefix": "C", "customerNumberNext": 500,
    }))["shopUpdate"]
    assert payload == {
        "shop": {"name": "Nordic Tools", "currencyCode": "EUR", "accessMode": "B2B_ONLY"}, "userErrors": [],
    }
    assert await admin(READ) == {
        "shop": {"name": "Nordic Tools", "accessMode": "B2B_ONLY"},
        "customerNumberSeries": {"prefix": "C", "nextNumber": 500},
    }
    assert (await create_company(admin, email=None))["customerNumber"] == "C500"


@pytest.mark.parametrize(
    ("input", "field", "code"),
    [
        ({"name": " "}, ["name"], "BLANK"),
        ({"name": "x" * 256}, ["name"], "TOO_LONG"),
        ({"customerNumberNext": -1}, ["customerNumberNext"], "LESS_THAN"),
        ({"customerNumberPrefix": "x" * 21}, ["customerNumberPrefix"], "TOO_LONG"),
    ],
)
async def test_update_refuses_bad_input_and_changes_nothing(admin, input, field, code):
    payload = (await admin(UPDATE, input={**input, "accessMode": "B2B_ONLY"}))["shopUpdate"]
    assert codes(payload) == [(field, code)]
    assert await admin(READ) == {
        "shop": {"name": "Gateway Shop", "accessMode": "OPEN"},
        "customerNumberSeries": {"prefix": "K-", "nextNumber": 10000},
    }


@pytest.mark.parametrize("field", ["accessMode", "customerNumberNext"])
async def test_required_settings_cannot_be_cleared(admin, field):
    payload = (await admin(UPDATE, input={field: None}))["shopUpdate"]
    assert codes(payload) == [([field], "BLANK")]
    assert (await admin(READ))["customerNumberSeries"]["nextNumber"] == 10000
