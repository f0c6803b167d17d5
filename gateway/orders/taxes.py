"""Tax on carts, orders and drafts: rates per destination country, and the B2B rules.

The rules of the built-in engine (RateTable), in this order:
1. A location marked tax exempt pays none: no tax line.
2. A location whose VAT number is a valid one (gateway/customers/vat.py) of another EU country than
   the shop's (Shop.countryCode, in the EU) gets the reverse charge: one tax line at 0 % and the
   legal note, which the order and its emails carry.
3. Otherwise the rate of the destination country (the shipping address, else the shop's country)
   set by taxRateSet applies to every line and to shipping; a country without a rate pays none.
Tax is rounded half up to the minor unit on each line (and on shipping), then summed: the order's
tax is the sum of its lines' tax, so no line's tax differs from what its own invoice row shows.
With prices entered without tax it is rate % of the line; with prices that include it (Shop
pricesIncludeTax) it is the part of the line that is tax, amount x rate / (100 + rate), and the
line's price stays as entered (an exempt or reverse-charge buyer then pays that price, tax-free).

An external service (an Avalara-like engine) replaces the built-in rates by implementing TaxEngine
and being returned by engine(): carts, checkout and drafts ask only that.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.customers import vat
from gateway.db.models import TaxRate
from gateway.platform import addresses, money, validation
from gateway.platform.errors import Problems

REVERSE_CHARGE_TITLE = "VAT reverse charge"
REVERSE_CHARGE_NOTE = (
    "Reverse charge: VAT to be accounted for by the recipient (Article 196, Council Directive 2006/112/EC). "
    "Buyer's VAT number: {tax_id}. Seller's country: {shop_country}."
)
MAX_TITLE = 100


@dataclass(frozen=True)
class TaxRequest:
    """What an engine needs to tax one cart, draft or order."""

    currency: str
    amounts: tuple[int, ...]  # the lines' totals, in order
    shipping: int  # 0 when nothing is charged for shipping
    destination: str | None  # ISO country code the goods go to
    shop_country: str | None
    prices_include_tax: bool
    exempt: bool = False
    tax_id: str | None = None  # the buyer location's VAT number, compact


@dataclass(frozen=True)
class LineTax:
    title: str
    rate_bp: int  # basis points: 1900 = 19.0 %
    amount: int


@dataclass(frozen=True)
class TaxResult:
    lines: tuple[LineTax | None, ...]  # one per request amount; None: untaxed
    shipping: LineTax | None
    note: str | None = None  # a legal note the order and its emails must carry

    @property
    def total(self) -> int:
        return sum(t.amount for t in (*self.lines, self.shipping) if t is not None)

    def summary(self) -> list[LineTax]:
        """The tax lines of the whole: one per title and rate, lines and shipping together."""
        found: dict[tuple[str, int], int] = {}
        for tax in (*self.lines, self.shipping):
            if tax is not None:
                found[(tax.title, tax.rate_bp)] = found.get((tax.title, tax.rate_bp), 0) + tax.amount
        return [LineTax(title, rate, amount) for (title, rate), amount in found.items()]


UNTAXED = TaxResult((), None)


class TaxEngine(Protocol):
    async def calculate(self, session: AsyncSession, request: TaxRequest) -> TaxResult:
        """The tax of each line and of shipping, with a note where the law wants one."""
        ...


def line_tax(amount: int, rate_bp: int, included: bool) -> int:
    """One line's tax rounded half up to the minor unit."""
    if included:
        return money.round_half_up(Decimal(amount) * rate_bp / (10000 + rate_bp))
    return money.percent_of(amount, rate_bp)


def reverse_charge(request: TaxRequest) -> bool:
    buyer_country = vat.eu_country(request.tax_id)
    shop_country = request.shop_country
    return (
        buyer_country is not None and shop_country is not None and buyer_country != shop_country
        and vat.in_eu(shop_country)
    )


class RateTable:
    """The built-in engine: taxRateSet's rates by destination country."""

    async def calculate(self, session: AsyncSession, request: TaxRequest) -> TaxResult:
        untaxed = (None,) * len(request.amounts)
        if request.exempt:
            return TaxResult(untaxed, None)
        if reverse_charge(request):
            zero = LineTax(REVERSE_CHARGE_TITLE, 0, 0)
            note = REVERSE_CHARGE_NOTE.format(tax_id=request.tax_id, shop_country=request.shop_country)
            return TaxResult((zero,) * len(request.amounts), zero if request.shipping else None, note)
        rate = await rate_for(session, request.destination)
        if rate is None:
            return TaxResult(untaxed, None)
        title, bp = rate

        def tax(amount: int) -> LineTax:
            return LineTax(title, bp, line_tax(amount, bp, request.prices_include_tax))

        return TaxResult(tuple(tax(a) for a in request.amounts), tax(request.shipping) if request.shipping else None)


_ENGINE: TaxEngine = RateTable()


def engine() -> TaxEngine:
    """The engine carts, checkout and drafts ask."""
    return _ENGINE


async def rate_for(session: AsyncSession, country: str | None) -> tuple[str, int] | None:
    """(title, basis points) of a country, read once per session (a cart change prices twice), or
    not at all when the caller read it with another statement (rate_columns, remember)."""
    if country is None:
        return None
    memo = session.info.setdefault("tax_rates", {})
    if country not in memo:
        row = (await session.execute(
            select(TaxRate.title, TaxRate.rate_bp).where(TaxRate.country_code == country)
        )).first()
        memo[country] = tuple(row) if row else None
    return memo[country]


def rate_columns(country: ColumnElement[str]) -> tuple[ColumnElement[str], ColumnElement[int]]:
    """The title and basis points of country's rate (NULL: none) as columns of another statement."""
    found = TaxRate.country_code == country
    return (
        select(TaxRate.title).where(found).scalar_subquery(), select(TaxRate.rate_bp).where(found).scalar_subquery()
    )


def remember(session: AsyncSession, country: str | None, title: str | None, rate_bp: int | None) -> None:
    """What rate_columns read for country, so rate_for() reads it no more in this session."""
    if country is not None:
        session.info.setdefault("tax_rates", {})[country] = (title, rate_bp) if rate_bp is not None else None


# -- the merchant sets rates --


def rate_text(rate_bp: int) -> Decimal:
    """Basis points as the API's percentage: 2500 -> 25.0, 770 -> 7.7, 1225 -> 12.25."""
    percent = Decimal(rate_bp).scaleb(-2)
    return percent.quantize(Decimal("0.0")) if percent == percent.quantize(Decimal("0.0")) else percent


async def set_rate(session: AsyncSession, country_code: str, rate: Decimal, title: str | None) -> TaxRate:
    """Set (or replace) a country's rate: 0 to 100 %, at most two decimals."""
    problems = Problems()
    code = validation.text(problems, country_code, ("countryCode",), required=True, max_length=2)
    if code is not None and code.upper() not in addresses.COUNTRY_CODES:
        problems.add("INVALID", f"{code!r} is not a country code (ISO 3166-1 alpha-2, such as DE).", "countryCode")
    bp = None
    if not rate.is_finite() or not money.decimals_ok(rate, "EUR"):
        problems.add("INVALID", "The rate is a percentage with at most two decimals, such as 25.0.", "rate")
    elif rate < 0:
        problems.add("LESS_THAN", "The rate must be 0 or more.", "rate")
    elif rate > 100:
        problems.add("GREATER_THAN", "The rate must be at most 100.", "rate")
    else:
        bp = int(rate.scaleb(2))
    title = validation.text(problems, title, ("title",), max_length=MAX_TITLE) or "VAT"
    problems.raise_if_any()
    row = await session.scalar(select(TaxRate).where(TaxRate.country_code == code.upper()))
    if row is None:
        row = TaxRate(country_code=code.upper())
        session.add(row)
    row.rate_bp, row.title = bp, title
    await validation.flush_unique(session, {"uq_tax_rates_country_code": ("countryCode",)})
    return row


async def rates(session: AsyncSession) -> list[TaxRate]:
    return list((await session.scalars(select(TaxRate).order_by(TaxRate.country_code))).all())
