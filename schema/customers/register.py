"""Companies, locations, contacts, role assignments, customers and payment terms templates."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from gateway.auth import policy
from gateway.customers import companies, customers, lists, roles
from gateway.db import models as m
from gateway.orders import approvals, carts, ledger, lists as order_lists, orders, shopping_lists
from gateway.payments import methods
from gateway.quotes import quotes as quote_lists
from gateway.platform import ids
from gateway.platform.pagination import PageArgs
from schema.build import STAFF_ONLY
from schema.customers import stats
from schema.enums import from_domain
from schema.relay import Connection, Node, batched, children, in_memory, keys_connection
from schema.values import MailingAddress, Money

CompanySortKey = from_domain(
    "CompanySortKey", lists.COMPANY_SORT_KEYS, "TOTAL_SPENT compares what was paid in the shop's currency; a company "
    "with no order or no login sorts as the oldest (first ascending, last with reverse: true).",
)
CustomerSortKey = from_domain(
    "CustomerSortKey", lists.CUSTOMER_SORT_KEYS, "NAME: last name, then first name, case-insensitive. TOTAL_SPENT "
    "compares what was paid in the shop's currency; no order or no login sorts as the oldest.",
)


CompanyContactRoleName = from_domain("CompanyContactRoleName", roles.ROLE_NAMES, described={
    "CUSTOM": "A role the merchant defined (companyRole says which). Answered only: to give one, pass its roleId.",
})


RiskRating = from_domain("RiskRating", companies.RISK_RATINGS)


PaymentTermsType = from_domain("PaymentTermsType", orders.PAYMENT_TERMS_TYPES)


CustomerEmailMarketingState = from_domain(
    "CustomerEmailMarketingState", customers.CONSENT_STATES,
    "NOT_SUBSCRIBED: never asked; UNSUBSCRIBED: said no, or withdrew.",
)


CustomerAccountStatus = from_domain(
    "CustomerAccountStatus", customers.ACCOUNT_STATUSES, "None of these: never invited and never logged in.",
)


@strawberry.type
class PaymentTermsTemplate(Node):
    name: str
    payment_terms_type: PaymentTermsType
    due_in_days: int | None

    @classmethod
    def from_row(cls, row: m.PaymentTermsTemplate) -> "PaymentTermsTemplate":
        return cls(
            id=ids.to_gid("PaymentTermsTemplate", row.id),
            name=row.name,
            payment_terms_type=PaymentTermsType(row.terms_type),
            due_in_days=row.due_in_days,
        )


@strawberry.type
class Customer(Node):
    email: str
    first_name: str | None
    last_name: str | None
    created_at: datetime
    pk: strawberry.Private[int]
    staff_note: strawberry.Private[str | None]
    row: strawberry.Private[m.Customer]
    own: strawberry.Private[bool] = False

    @classmethod
    def from_row(cls, row: m.Customer, own: bool = False) -> "Customer":
        """own: the caller is this customer although not (yet) its viewer, as in verifyLoginCode's answer."""
        return cls(
            id=ids.to_gid("Customer", row.id), pk=row.id, row=row, email=row.email, first_name=row.first_name,
            last_name=row.last_name, created_at=row.created_at, staff_note=row.note, own=own,
        )

    def _shown(self, info: strawberry.Info) -> bool:
        return policy.sees_customer_details(info.context.caller, self.pk, own=self.own)

    def _viewer(self, info: strawberry.Info) -> bool:
        return policy.is_viewer(info.context.caller, self.pk)

    @strawberry.field(description="Storefront: the viewer's own only.")
    def phone(self, info: strawberry.Info) -> str | None:
        return self.row.phone if self._shown(info) else None

    @strawberry.field(description="Storefront: the viewer's own only. DELETED: the customer deleted its account "
                      "(customerDelete) and its personal data is erased.")
    def status(self, info: strawberry.Info) -> CustomerAccountStatus | None:
        return CustomerAccountStatus(self.row.status) if self.row.status and self._shown(info) else None

    @strawberry.field(description="Storefront: the viewer's own only.")
    def last_login_at(self, info: strawberry.Info) -> datetime | None:
        return self.row.last_login_at if self._shown(info) else None

    @strawberry.field(description="From the shop's series (assignCustomerNumbers) or given by hand; unique "
                      "across companies and customers, never reused. Storefront: the viewer's own only.")
    def customer_number(self, info: strawberry.Info) -> str | None:
        return self.row.customer_number if self._shown(info) else None

    @strawberry.field(description="Storefront: the viewer's own only.")
    def email_marketing_consent(self, info: strawberry.Info) -> CustomerEmailMarketingState | None:
        return CustomerEmailMarketingState(self.row.email_marketing_consent) if self._shown(info) else None

    @strawberry.field(description="When emailMarketingConsent last changed. Storefront: the viewer's own only.")
    def email_marketing_consent_updated_at(self, info: strawberry.Info) -> datetime | None:
        return self.row.email_marketing_consent_updated_at if self._shown(info) else None

    @strawberry.field(description="Mail from the shop's partners. Storefront: the viewer's own only.")
    def accepts_partner_offers(self, info: strawberry.Info) -> bool | None:
        return self.row.accepts_partner_offers if self._shown(info) else None

    @strawberry.field(description="Its address book, oldest first. Storefront: the viewer's own only.")
    async def addresses(
        self, info: strawberry.Info
    ) -> list[Annotated["CustomerAddress", strawberry.lazy("schema.customers.addresses")]]:
        from schema.customers.addresses import CustomerAddress

        if not self._shown(info):
            return []
        rows = await info.context.loaders.by_fk(m.CustomerAddress.customer_id).load(self.pk)
        return [CustomerAddress.from_row(r) for r in rows]

    @strawberry.field(description="The address a D2C cart starts from. Storefront: the viewer's own only.")
    async def default_address(
        self, info: strawberry.Info
    ) -> Annotated["CustomerAddress", strawberry.lazy("schema.customers.addresses")] | None:
        from schema.customers.addresses import CustomerAddress

        if not self._shown(info):
            return None
        rows = await info.context.loaders.by_fk(m.CustomerAddress.customer_id).load(self.pk)
        return next((CustomerAddress.from_row(r) for r in rows if r.is_default), None)

    @strawberry.field(description="Staff only, newest first: the emails the shop wrote to it (a login code in "
                      "one is never shown).", metadata=STAFF_ONLY)
    async def emails(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None
    ) -> Connection[Annotated["CustomerEmail", strawberry.lazy("schema.customers.addresses")]]:
        from schema.customers.addresses import CustomerEmail

        loader = info.context.loaders.page_of("customer_emails", *lists.customer_emails(), newest_first=True)
        return await batched(info, loader, self.row.email.lower(), first, after, CustomerEmail.from_row)

    @strawberry.field(description="The customer groups it is in, by id. Storefront: the viewer's own only.")
    async def groups(
        self, info: strawberry.Info
    ) -> list[Annotated["CustomerGroup", strawberry.lazy("schema.customers.groups")]]:
        from schema.customers.groups import CustomerGroup

        if not self._shown(info):
            return []
        rows = await info.context.loaders.linked(
            m.customer_group_members, "customer_id", m.CustomerGroup, "group_id"
        ).load(self.pk)
        return [CustomerGroup.from_row(r) for r in rows]

    @strawberry.field(description="Staff only: not in the Storefront API.", metadata=STAFF_ONLY)
    def note(self, info: strawberry.Info) -> str | None:
        return self.staff_note

    @strawberry.field(description="Staff only: orders it placed, cancelled ones left out.", metadata=STAFF_ONLY)
    async def orders_count(self, info: strawberry.Info) -> int:
        return (await stats.customer_orders(info, self.pk)).orders_count

    @strawberry.field(description="Staff only: what its orders have been paid, one amount per currency.",
                      metadata=STAFF_ONLY)
    async def total_spent(self, info: strawberry.Info) -> list[Money]:
        return stats.monies((await stats.customer_orders(info, self.pk)).spent)

    @strawberry.field(description="Staff only: when it last placed an order (cancelled ones left out).",
                      metadata=STAFF_ONLY)
    async def last_order_at(self, info: strawberry.Info) -> datetime | None:
        return (await stats.customer_orders(info, self.pk)).last_order_at

    @strawberry.field(description="Storefront: the viewer's own only (another customer's are empty).")
    async def company_contacts(self, info: strawberry.Info) -> list[CompanyContact]:
        if not self._shown(info):
            return []
        rows = await info.context.loaders.by_fk(m.CompanyContact.customer_id).load(self.pk)
        return [CompanyContact.from_row(r) for r in rows]

    @strawberry.field(description="Storefront viewer only: the locations it has a role on.")
    async def locations(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None
    ) -> Connection[CompanyLocation]:
        rows: list[m.CompanyLocation] = []
        if self._viewer(info):
            roles = await info.context.viewer_roles()
            rows = await info.context.loaders.by_id(m.CompanyLocation).load_many(sorted(roles))
        return in_memory(rows, first, after, CompanyLocation.from_row)

    @strawberry.field(description="Storefront viewer only: the location it buys for (chosen, or its only one).")
    async def selected_location(self, info: strawberry.Info) -> CompanyLocation | None:
        location_id = await info.context.buyer_location_id() if self._viewer(info) else None
        if location_id is None:
            return None
        return CompanyLocation.from_row(await info.context.loaders.by_id(m.CompanyLocation).load(location_id))

    @strawberry.field(description="Storefront viewer only: its vaulted payment methods.")
    async def payment_methods(
        self, info: strawberry.Info
    ) -> list[Annotated["PaymentMethod", strawberry.lazy("schema.payments")]]:
        from schema.payments import PaymentMethod

        if not self._viewer(info):
            return []
        async with info.context.db.reader() as session:
            return [PaymentMethod.from_row(row) for row in await methods.listed(session, self.pk)]

    @strawberry.field(description="Storefront viewer only, newest first: the orders it placed, and every order of "
                      "the locations where it may VIEW_ALL_ORDERS (LOCATION_ADMIN). query matches the order name, PO "
                      "number or a sku. Staff: the orders it placed, oldest first.")
    async def orders(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None,
        created_at_min: datetime | None = None, created_at_max: datetime | None = None,
        financial_status: Annotated["OrderFinancialStatus", strawberry.lazy("schema.orders.order")] | None = None,
        location_id: strawberry.ID | None = None, query: str | None = None,
    ) -> Connection[Annotated["Order", strawberry.lazy("schema.orders.order")]]:
        from schema.orders.order import Order

        if policy.sees_merchant_records(info.context.caller):
            return await _staff_orders(
                info, self.pk, first, after, created_at_min, created_at_max, financial_status, location_id, query,
            )
        stmt = order_lists.viewer_orders(
            self.pk, await info.context.viewer_roles(), created_at_min=created_at_min, created_at_max=created_at_max,
            financial_status=financial_status.value if financial_status else None, location_gid=location_id,
            query=query,
        )
        return await _viewers_list(info, self, stmt, m.Order, first, after, Order.from_row)

    @strawberry.field(description="Storefront viewer only, newest first: the returns of the orders it may see.")
    async def returns(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None
    ) -> Connection[Annotated["Return", strawberry.lazy("schema.orders.returns")]]:
        from schema.orders.returns import Return

        if not self._viewer(info):
            return in_memory([], first, after, Return.from_row)
        stmt = order_lists.viewer_returns(self.pk, await info.context.viewer_roles())
        return await _viewers_list(info, self, stmt, m.Return, first, after, Return.from_row)

    @strawberry.field(description="Storefront viewer only: the draft orders it submitted for approval, newest first.")
    async def draft_orders(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None
    ) -> Connection[Annotated["DraftOrder", strawberry.lazy("schema.orders.order")]]:
        from schema.orders.order import DraftOrder

        stmt = order_lists.viewer_draft_orders(self.pk)
        return await _viewers_list(info, self, stmt, m.DraftOrder, first, after, DraftOrder.from_row)

    @strawberry.field(description="Storefront viewer only, newest first: what the viewer may approve (colleagues' "
                      "checkouts over their spending limit at the locations where it has APPROVE_ORDERS).")
    async def approval_requests(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None,
        status: Annotated["ApprovalRequestStatus", strawberry.lazy("schema.orders.approvals")] | None = None,
    ) -> Connection[Annotated["ApprovalRequest", strawberry.lazy("schema.orders.approvals")]]:
        from schema.orders.approvals import ApprovalRequest

        roles = await info.context.viewer_roles() if self._viewer(info) else {}
        stmt = approvals.to_approve(roles, self.pk, status.value if status else None)
        return await _viewers_list(info, self, stmt, m.ApprovalRequest, first, after, ApprovalRequest.from_row)

    @strawberry.field(description="Storefront viewer only, newest first: the approval requests its own checkouts "
                      "made, and their state.")
    async def submitted_approval_requests(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None,
        status: Annotated["ApprovalRequestStatus", strawberry.lazy("schema.orders.approvals")] | None = None,
    ) -> Connection[Annotated["ApprovalRequest", strawberry.lazy("schema.orders.approvals")]]:
        from schema.orders.approvals import ApprovalRequest

        stmt = approvals.submitted(self.pk, status.value if status else None)
        return await _viewers_list(info, self, stmt, m.ApprovalRequest, first, after, ApprovalRequest.from_row)

    @strawberry.field(description="Storefront viewer only, newest first: the quotes it asked for, and those of the "
                      "locations where it sees all orders or approves them.")
    async def quotes(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None
    ) -> Connection[Annotated["Quote", strawberry.lazy("schema.quotes")]]:
        from schema.quotes import Quote

        roles = await info.context.viewer_roles() if self._viewer(info) else {}
        return await _viewers_list(info, self, quote_lists.visible(self.pk, roles), m.Quote, first, after, Quote.from_row)

    @strawberry.field(description="Storefront viewer only, newest first: the shopping lists of the locations it "
                      "has a role at.")
    async def shopping_lists(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None
    ) -> Connection[Annotated["ShoppingList", strawberry.lazy("schema.orders.shopping_lists")]]:
        from schema.orders.shopping_lists import ShoppingList

        roles = await info.context.viewer_roles() if self._viewer(info) else {}
        stmt = shopping_lists.visible(roles)
        return await _viewers_list(info, self, stmt, m.ShoppingList, first, after, ShoppingList.from_row)

    @strawberry.field(description="Storefront viewer only: unpaid orders it may see, overdue first.")
    async def outstanding_orders(
        self, info: strawberry.Info
    ) -> list[Annotated["Order", strawberry.lazy("schema.orders.order")]]:
        from schema.orders.order import Order

        if not self._viewer(info):
            return []
        async with info.context.db.reader() as session:
            return [Order.from_row(row) for row in await ledger.outstanding_orders(session, self.pk)]

    @strawberry.field(description="What is owed, one amount per currency: for staff, on the orders it placed; "
                      "for the storefront viewer, on its outstandingOrders.")
    async def total_outstanding(self, info: strawberry.Info) -> list[Money]:
        if policy.sees_merchant_records(info.context.caller):
            return stats.monies((await stats.customer_orders(info, self.pk)).outstanding)
        if not self._viewer(info):
            return []
        async with info.context.db.reader() as session:
            return stats.monies(await ledger.total_outstanding(session, self.pk))


async def _staff_orders(  # noqa: ANN001
    info: strawberry.Info, customer_id: int, first, after, created_at_min, created_at_max, financial_status,
    location_id, query,
) -> Connection:
    """The Admin API's list of the orders a customer placed, oldest first like Company.orders: one
    batch for a page of customers, and one per filter when they are filtered."""
    from schema.orders.order import Order

    filters = {
        "created_at_min": created_at_min, "created_at_max": created_at_max, "location_gid": location_id,
        "financial_status": financial_status.value if financial_status else None, "query": query,
    }
    if all(f is None for f in filters.values()):
        return await children(info, m.Order.customer_id, customer_id, first, after, Order.from_row)
    stmt = order_lists.customer_orders(**filters)
    loader = info.context.loaders.page_of(("customer_orders", *filters.values()), stmt, m.Order.customer_id)
    return await batched(info, loader, customer_id, first, after, Order.from_row)


async def _viewers_list(  # noqa: ANN001
    info: strawberry.Info, customer: Customer, stmt, model, first, after, convert
) -> Connection:
    """One of the viewer's own lists, newest first; empty for any customer but the viewer."""
    if not customer._viewer(info):
        return in_memory([], first, after, convert)
    args = PageArgs(first=first, after=after)
    return await keys_connection(info, stmt, order_lists.newest_first(model), args, True, convert)


@strawberry.type
class Deposit:
    percentage: int


@strawberry.type
class BuyerExperienceConfiguration:
    checkout_to_draft: bool
    editable_shipping_address: bool
    auto_charge: bool = strawberry.field(description="The buyer's default payment method is charged when a payment "
                                         "schedule falls due.")
    deposit: Deposit | None
    payment_terms_due_at: datetime | None
    template_id: strawberry.Private[int | None]
    mode: strawberry.Private[str]

    @strawberry.field(description="How a checkout for this location goes: pay now, on terms, on terms with a "
                      "deposit, or as a draft order for the merchant's approval.")
    def checkout_mode(self) -> Annotated["CheckoutMode", strawberry.lazy("schema.orders.cart")]:
        from schema.orders.cart import CheckoutMode

        return CheckoutMode(self.mode)

    @strawberry.field
    async def payment_terms_template(self, info: strawberry.Info) -> PaymentTermsTemplate | None:
        if self.template_id is None:
            return None
        row = await info.context.loaders.by_id(m.PaymentTermsTemplate).load(self.template_id)
        return PaymentTermsTemplate.from_row(row)


@strawberry.type
class CompanyContactRoleAssignment(Node):
    role: CompanyContactRoleName
    contact_id: strawberry.Private[int]
    location_id: strawberry.Private[int]
    row: strawberry.Private[m.RoleAssignment]

    @classmethod
    def from_row(cls, row: m.RoleAssignment) -> "CompanyContactRoleAssignment":
        return cls(
            id=ids.to_gid("CompanyContactRoleAssignment", row.id), role=CompanyContactRoleName(row.role),
            contact_id=row.contact_id, location_id=row.location_id, row=row,
        )

    async def _custom(self, info: strawberry.Info) -> m.CompanyRole | None:
        if self.row.company_role_id is None:
            return None
        return await info.context.loaders.by_id(m.CompanyRole).load(self.row.company_role_id)

    @strawberry.field(description="The merchant's role when role is CUSTOM; null for the built-in ones.")
    async def company_role(
        self, info: strawberry.Info
    ) -> Annotated["CompanyRole", strawberry.lazy("schema.customers.roles")] | None:
        from schema.customers.roles import CompanyRole

        row = await self._custom(info)
        return CompanyRole.from_row(row) if row else None

    @strawberry.field(description="What the role lets the contact do here.")
    async def permissions(
        self, info: strawberry.Info
    ) -> list[Annotated["CompanyPermission", strawberry.lazy("schema.customers.roles")]]:
        from schema.customers.roles import preset_permissions

        custom = await self._custom(info)
        return preset_permissions(self.row.role, custom.permissions if custom else None)

    async def _limit(self, info: strawberry.Info, minor: int | None) -> Money | None:
        if minor is None:
            return None
        location = await info.context.loaders.by_id(m.CompanyLocation).load(self.location_id)
        company = await info.context.loaders.by_id(m.Company).load(location.company_id)
        return Money.of(minor, company.currency_code)

    @strawberry.field(description="Per order, in the company's currency; over it checkout asks for approval. "
                      "Null: no limit.")
    async def spending_limit(self, info: strawberry.Info) -> Money | None:
        return await self._limit(info, self.row.spending_limit)

    @strawberry.field(description="Per calendar month (UTC) over the orders the contact placed here. Null: no limit.")
    async def monthly_spending_limit(self, info: strawberry.Info) -> Money | None:
        return await self._limit(info, self.row.monthly_spending_limit)

    @strawberry.field
    async def company_contact(self, info: strawberry.Info) -> CompanyContact:
        return CompanyContact.from_row(await info.context.loaders.by_id(m.CompanyContact).load(self.contact_id))

    @strawberry.field
    async def company_location(self, info: strawberry.Info) -> CompanyLocation:
        return CompanyLocation.from_row(await info.context.loaders.by_id(m.CompanyLocation).load(self.location_id))


@strawberry.type
class CompanyContact(Node):
    title: str | None
    created_at: datetime
    pk: strawberry.Private[int]
    company_id: strawberry.Private[int]
    customer_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: m.CompanyContact) -> "CompanyContact":
        return cls(
            id=ids.to_gid("CompanyContact", row.id), pk=row.id, title=row.title, created_at=row.created_at,
            company_id=row.company_id, customer_id=row.customer_id,
        )

    @strawberry.field
    async def customer(self, info: strawberry.Info) -> Customer:
        return Customer.from_row(await info.context.loaders.by_id(m.Customer).load(self.customer_id))

    @strawberry.field
    async def company(self, info: strawberry.Info) -> Company:
        return Company.from_row(await info.context.loaders.by_id(m.Company).load(self.company_id))

    @strawberry.field(description="Storefront: only its roles on locations the viewer has a role on.")
    async def role_assignments(self, info: strawberry.Info) -> list[CompanyContactRoleAssignment]:
        rows = await info.context.loaders.by_fk(m.RoleAssignment.contact_id).load(self.pk)
        caller, roles = info.context.caller, await info.context.viewer_roles()
        return [CompanyContactRoleAssignment.from_row(r) for r in rows if policy.sees_location(caller, roles, r.location_id)]


@strawberry.type
class CompanyLocation(Node):
    name: str
    external_id: str | None
    billing_address: MailingAddress | None
    shipping_address: MailingAddress | None
    tax_exempt: bool = strawberry.field(description="True: its orders carry no tax.")
    tax_id: str | None = strawberry.field(description="Its VAT number, compact (DE136695976).")
    buyer_experience_configuration: BuyerExperienceConfiguration
    created_at: datetime
    updated_at: datetime
    pk: strawberry.Private[int]
    company_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: m.CompanyLocation) -> "CompanyLocation":
        return cls(
            id=ids.to_gid("CompanyLocation", row.id), pk=row.id, name=row.name, external_id=row.external_id,
            billing_address=MailingAddress.of(row.billing_address),
            shipping_address=MailingAddress.of(row.shipping_address),
            tax_exempt=row.tax_exempt, tax_id=row.tax_id, created_at=row.created_at, updated_at=row.updated_at,
            company_id=row.company_id,
            buyer_experience_configuration=BuyerExperienceConfiguration(
                checkout_to_draft=row.checkout_to_draft,
                editable_shipping_address=row.editable_shipping_address, auto_charge=row.auto_charge,
                deposit=Deposit(percentage=row.deposit_percentage) if row.deposit_percentage else None,
                payment_terms_due_at=row.payment_terms_due_at,
                template_id=row.payment_terms_template_id,
                mode=carts.checkout_mode(row),
            ),
        )

    @strawberry.field
    async def company(self, info: strawberry.Info) -> Company:
        return Company.from_row(await info.context.loaders.by_id(m.Company).load(self.company_id))

    @strawberry.field(description="Who has which role here. Storefront: every contact with a role here, the "
                      "viewer's own included, for a location the viewer has a role on; else empty.")
    async def role_assignments(self, info: strawberry.Info) -> list[CompanyContactRoleAssignment]:
        if not policy.sees_location(info.context.caller, await info.context.viewer_roles(), self.pk):
            return []
        rows = await info.context.loaders.by_fk(m.RoleAssignment.location_id).load(self.pk)
        return [CompanyContactRoleAssignment.from_row(r) for r in rows]

    @strawberry.field(description="Storefront: the viewer's role here; null without one, and on the Admin API.")
    async def viewer_role(self, info: strawberry.Info) -> CompanyContactRoleName | None:
        grant = (await info.context.viewer_roles()).get(self.pk)  # staff have none
        return CompanyContactRoleName(grant.role) if grant else None

    @strawberry.field
    async def catalogs(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None
    ) -> Connection[Annotated["Catalog", strawberry.lazy("schema.catalog.types")]]:
        from schema.catalog.types import Catalog

        rows = await info.context.loaders.linked(
            m.catalog_locations, "location_id", m.Catalog, "catalog_id"
        ).load(self.pk)
        return in_memory(rows, first, after, Catalog.from_row)


@strawberry.type
class Company(Node):
    name: str
    external_id: str | None
    customer_number: str | None
    org_number: str | None
    website: str | None
    credit_limit: Money | None
    max_payment_days: int | None
    risk_rating: RiskRating | None = strawberry.field(description="Staff only.", metadata=STAFF_ONLY)
    created_at: datetime
    updated_at: datetime
    pk: strawberry.Private[int]
    main_contact_id: strawberry.Private[int | None]
    staff_note: strawberry.Private[str | None]

    @classmethod
    def from_row(cls, row: m.Company) -> "Company":
        return cls(
            id=ids.to_gid("Company", row.id), pk=row.id, name=row.name, external_id=row.external_id,
            customer_number=row.customer_number, org_number=row.org_number, website=row.website,
            staff_note=row.note, credit_limit=Money.of(row.credit_limit, row.currency_code),
            max_payment_days=row.max_payment_days,
            risk_rating=RiskRating(row.risk_rating) if row.risk_rating else None,
            created_at=row.created_at, updated_at=row.updated_at, main_contact_id=row.main_contact_id,
        )

    @strawberry.field(description="Staff only: not in the Storefront API.", metadata=STAFF_ONLY)
    def note(self, info: strawberry.Info) -> str | None:
        return self.staff_note

    @strawberry.field(description="Staff only: its orders, cancelled ones left out.", metadata=STAFF_ONLY)
    async def orders_count(self, info: strawberry.Info) -> int:
        return (await stats.company_orders(info, self.pk)).orders_count

    @strawberry.field(description="Staff only: what its orders have been paid, one amount per currency.",
                      metadata=STAFF_ONLY)
    async def total_spent(self, info: strawberry.Info) -> list[Money]:
        return stats.monies((await stats.company_orders(info, self.pk)).spent)

    @strawberry.field(description="Staff only: what its orders still owe, one amount per currency.",
                      metadata=STAFF_ONLY)
    async def total_outstanding(self, info: strawberry.Info) -> list[Money]:
        return stats.monies((await stats.company_orders(info, self.pk)).outstanding)

    @strawberry.field(description="Staff only: when it last ordered (cancelled orders left out).", metadata=STAFF_ONLY)
    async def last_order_at(self, info: strawberry.Info) -> datetime | None:
        return (await stats.company_orders(info, self.pk)).last_order_at

    @strawberry.field(description="Staff only: whether an order of it is past a due date and unpaid "
                      "(the drafts queue shows it before approving more on terms).", metadata=STAFF_ONLY)
    async def has_overdue_orders(self, info: strawberry.Info) -> bool:
        return (await stats.company_orders(info, self.pk)).overdue

    @strawberry.field(description="Staff only: the last login of any of its contacts.", metadata=STAFF_ONLY)
    async def last_login_at(self, info: strawberry.Info) -> datetime | None:
        return (await stats.company_logins(info, self.pk)).last_login_at

    @strawberry.field(description="Staff only: ACTIVE or INVITED when one of its contacts is, DISABLED when all "
                      "are, null when none was invited or logged in.", metadata=STAFF_ONLY)
    async def account_status(self, info: strawberry.Info) -> CustomerAccountStatus | None:
        status = (await stats.company_logins(info, self.pk)).account_status
        return CustomerAccountStatus(status) if status else None

    @strawberry.field
    async def main_contact(self, info: strawberry.Info) -> CompanyContact | None:
        if self.main_contact_id is None:
            return None
        return CompanyContact.from_row(await info.context.loaders.by_id(m.CompanyContact).load(self.main_contact_id))

    @strawberry.field(description="On the Storefront API: only the locations the viewer has a role on.")
    async def locations(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None
    ) -> Connection[CompanyLocation]:
        if policy.sees_merchant_records(info.context.caller):
            return await children(info, m.CompanyLocation.company_id, self.pk, first, after, CompanyLocation.from_row)
        roles = await info.context.viewer_roles()
        rows = await info.context.loaders.by_id(m.CompanyLocation).load_many(sorted(roles))
        return in_memory([r for r in rows if r.company_id == self.pk], first, after, CompanyLocation.from_row)

    @strawberry.field(description="On the Storefront API: only the viewer's own contact.")
    async def contacts(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None
    ) -> Connection[CompanyContact]:
        if policy.sees_merchant_records(info.context.caller):
            return await children(info, m.CompanyContact.company_id, self.pk, first, after, CompanyContact.from_row)
        rows = await info.context.loaders.by_fk(m.CompanyContact.customer_id).load(info.context.customer_id or 0)
        return in_memory([r for r in rows if r.company_id == self.pk], first, after, CompanyContact.from_row)

    @strawberry.field(description="Staff only, oldest first: empty on the Storefront API (buyers use viewer.orders).")
    async def orders(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None
    ) -> Connection[Annotated["Order", strawberry.lazy("schema.orders.order")]]:
        from schema.orders.order import Order

        if not policy.sees_merchant_records(info.context.caller):
            return in_memory([], first, after, Order.from_row)
        return await children(info, m.Order.company_id, self.pk, first, after, Order.from_row)
