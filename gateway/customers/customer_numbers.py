"""Customer numbers are never reused: every number a company or a person (a customer) gets is
recorded in customer_numbers (IssuedCustomerNumber) in the transaction that gives it, and stays
there when its holder is deleted or renumbered. Companies and people share the one series and the
one register of numbers, so a number names one holder across both.

The series (shop settings' prefix and next number) skips numbers already issued, so a merchant who
sets the next number back (shopUpdate) only makes the series jump over what it gave before. The
series row is advanced with one UPDATE ... RETURNING, which also locks it until commit: concurrent
creations take numbers one after another; a number given by hand at the same moment is decided by
the unique constraint on customer_numbers.number.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeVar

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.db.models import Company, Customer, IssuedCustomerNumber, ShopSettings
from gateway.platform import clock

CHUNK = 1000  # numbers per IN (...) list and rows per INSERT
CONSTRAINT = "uq_customer_numbers_number"
T = TypeVar("T")
PERSON = 0  # holders() names a number issued to a person with this company id, which no company has


def chunks(values: Sequence[T]) -> Iterable[Sequence[T]]:
    """values in slices of CHUNK, for IN (...) lists and bulk INSERTs."""
    for i in range(0, len(values), CHUNK):
        yield values[i:i + CHUNK]


async def holders(session: AsyncSession, numbers: Iterable[str]) -> dict[str, tuple[int | None, bool]]:
    """number -> (id of the company it was issued to, None when that company was deleted, PERSON when
    it went to a person; whether its holder still holds it), for the numbers of numbers that were ever
    issued."""
    found: dict[str, tuple[int | None, bool]] = {}
    for chunk in chunks(sorted(set(numbers))):
        for number, company_id, held, customer_id, person_held in await session.execute(
            select(IssuedCustomerNumber.number, IssuedCustomerNumber.company_id, Company.customer_number,
                   IssuedCustomerNumber.customer_id, Customer.customer_number)
            .outerjoin(Company, Company.id == IssuedCustomerNumber.company_id)
            .outerjoin(Customer, Customer.id == IssuedCustomerNumber.customer_id)
            .where(IssuedCustomerNumber.number.in_(chunk))
        ):
            if customer_id is not None:
                found[number] = (PERSON, person_held == number)
            else:
                found[number] = (company_id, held == number)
    return found


def taken_message(number: str, holder: int | None, current_holder: bool) -> str:
    """Why number cannot be given: it belongs to another company or a person, or it did once."""
    if holder == PERSON:
        now = "belongs to a customer" if current_holder else "was given to a customer before"
        return (f"Customer number {number!r} {now}; customer numbers are never shared or reused. "
                "Leave it out to take the next number of the series.")
    if current_holder:
        return (f"Customer number {number!r} belongs to another company; numbers are never shared or reused. "
                "Leave it out to take the next number of the series.")
    gone = "a company since deleted" if holder is None else "another company, which has another number now"
    return (f"Customer number {number!r} was used before (by {gone}); customer numbers are never reused. "
            "Leave it out to take the next number of the series.")


async def why_taken(session: AsyncSession, number: str, company_id: int | None) -> str | None:
    """None when number may be given to company_id (None: a new company): never issued, or issued to
    that same company; otherwise the reason it may not."""
    found = (await holders(session, [number])).get(number)
    if found is None:
        return None
    holder, holds_now = found
    if holder is not None and holder == company_id:
        return None
    return taken_message(number, holder, holds_now)


def issue(session: AsyncSession, number: str, company_id: int | None, customer_id: int | None = None) -> None:
    """Record number, never issued before (why_taken said so, or the series gave it), as issued to
    company_id (or to the person customer_id); the caller flushes."""
    session.add(IssuedCustomerNumber(
        number=number, company_id=company_id, customer_id=customer_id, issued_at=clock.now()
    ))


async def why_taken_by_person(session: AsyncSession, number: str, customer_id: int | None) -> str | None:
    """As why_taken, for a person: None when number was never issued, or was issued to this customer."""
    found = await session.execute(
        select(IssuedCustomerNumber.customer_id).where(IssuedCustomerNumber.number == number)
    )
    row = found.first()
    if row is None or (customer_id is not None and row.customer_id == customer_id):
        return None
    holder, holds_now = (await holders(session, [number]))[number]
    return taken_message(number, holder, holds_now)


async def record_for_person(session: AsyncSession, number: str, customer_id: int) -> None:
    """Record number as issued to the customer unless it is already (given back a number it had)."""
    if await session.scalar(select(IssuedCustomerNumber.id).where(IssuedCustomerNumber.number == number)) is None:
        issue(session, number, None, customer_id)


async def record(session: AsyncSession, number: str, company_id: int) -> None:
    """Record number as issued to company_id unless it is already (a company given back a number
    it had before)."""
    if await session.scalar(select(IssuedCustomerNumber.id).where(IssuedCustomerNumber.number == number)) is None:
        issue(session, number, company_id)


async def record_many(session: AsyncSession, issued: dict[str, int]) -> None:
    """Record numbers never issued before (number -> company id) with bulk INSERTs."""
    now = clock.now()
    rows = [{"number": n, "company_id": pk, "issued_at": now} for n, pk in issued.items()]
    for chunk in chunks(rows):
        await session.execute(insert(IssuedCustomerNumber), chunk)


async def next_from_series(session: AsyncSession) -> str:
    """The series' next number that was never issued; the series moves past it."""
    return (await take_from_series(session, 1))[0]


async def take_from_series(session: AsyncSession, count: int, avoid: Iterable[str] = ()) -> list[str]:
    """count numbers of the series that were never issued (nor are in avoid): the series moves past
    the last. Two statements when nothing is in the way: the UPDATE that advances (and locks) the
    series, and one read of customer_numbers per CHUNK numbers. After a rewind the rest is looked for
    in windows of CHUNK numbers while the series stays locked, then the series is set past it."""
    if count <= 0:
        return []
    avoid = set(avoid)
    stmt = (
        update(ShopSettings).where(ShopSettings.id == 1)
        .values(customer_number_next=ShopSettings.customer_number_next + count)
        .returning(ShopSettings.customer_number_prefix, ShopSettings.customer_number_next)
    )
    prefix, following = (await session.execute(stmt)).one()
    block = [f"{prefix}{n}" for n in range(following - count, following)]
    issued = await holders(session, block)
    numbers = [n for n in block if n not in issued and n not in avoid]
    if len(numbers) == count:
        return numbers
    start = following
    while len(numbers) < count:
        window = [f"{prefix}{n}" for n in range(start, start + CHUNK)]
        issued = await holders(session, window)
        for offset, number in enumerate(window):
            if number not in issued and number not in avoid:
                numbers.append(number)
                if len(numbers) == count:
                    following = start + offset + 1
                    break
        start += CHUNK
    await session.execute(update(ShopSettings).where(ShopSettings.id == 1).values(customer_number_next=following))
    return numbers
