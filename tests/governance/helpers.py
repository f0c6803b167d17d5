"""Governance fixtures: Acme's HQ on Net 30 with its admin anna (an approver), an approver carl and a
buyer bob (ORDERING_ONLY, 100.00 per order), and the documents the tests send."""

from __future__ import annotations

from typing import Any

from tests.account.helpers import CONTACT_CREATE, company_id
from tests.catalog.helpers import login
from tests.helpers import ERRORS, GraphQLClient

ASSIGN = f"""mutation($contact: ID!, $location: ID!, $role: CompanyContactRoleName, $roleId: ID,
    $limit: Decimal, $monthly: Decimal) {{
    companyContactAssignRole(companyContactId: $contact, companyLocationId: $location, role: $role, roleId: $roleId,
      spendingLimit: $limit, monthlySpendingLimit: $monthly) {{
      companyContactRoleAssignment {{ id role companyRole {{ name }} permissions
        spendingLimit {{ amount currencyCode }} monthlySpendingLimit {{ amount }} }} {ERRORS} }} }}"""

ROLE_CREATE = f"""mutation($input: CompanyRoleInput!) {{ companyRoleCreate(input: $input) {{
    companyRole {{ id name permissions }} {ERRORS} }} }}"""

REQUEST = "id status reason subtotal { amount currencyCode } customer { email } decidedBy { email } " \
          "location { name } lines { sku quantity } order { id name displayFinancialStatus } draftOrder { id status }"

CHECKOUT = f"""mutation($cart: ID!, $method: ID, $key: String!) {{
    checkoutComplete(cartId: $cart, paymentMethodId: $method, idempotencyKey: $key) {{
      order {{ id }} draftOrder {{ id }} amountCharged {{ amount }} approvalRequest {{ {REQUEST} }} {ERRORS} }} }}"""

APPROVE = f"""mutation($id: ID!) {{ approvalRequestApprove(id: $id) {{ approvalRequest {{ {REQUEST} }} {ERRORS} }} }}"""
DECLINE = f"""mutation($id: ID!, $reason: String) {{ approvalRequestDecline(id: $id, reason: $reason) {{
    approvalRequest {{ {REQUEST} }} {ERRORS} }} }}"""
TO_CART = f"""mutation($id: ID!) {{ approvalRequestToCart(id: $id) {{
    cart {{ id lines {{ quantity variant {{ sku }} }} }} {ERRORS} }} }}"""
TO_APPROVE = f"query($status: ApprovalRequestStatus) {{ viewer {{ approvalRequests(first: 10, status: $status) {{ " \
             f"nodes {{ {REQUEST} }} }} }} }}"
SUBMITTED = f"{{ viewer {{ submittedApprovalRequests(first: 10) {{ nodes {{ {REQUEST} }} }} }} }}"


async def contact(
    admin: GraphQLClient, db, client, email: str, location: str, **assign: Any  # noqa: ANN001
) -> tuple[GraphQLClient, str]:
    """A logged-in contact of Acme with a role on location (assign: role, roleId, limit, monthly)."""
    made = (await admin(CONTACT_CREATE, company=await company_id(admin), email=email))["companyContactCreate"]
    assert made["userErrors"] == []
    contact_id = made["companyContact"]["id"]
    assigned = (await admin(ASSIGN, contact=contact_id, location=location, **assign))["companyContactAssignRole"]
    assert assigned["userErrors"] == [], assigned
    return await login(db, client, email), contact_id
