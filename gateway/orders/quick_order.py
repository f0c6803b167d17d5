"""Quick order from a spreadsheet: "sku,quantity" rows pasted or uploaded as CSV become cart lines.

Every problem names its line of the CSV (field ["csv", "<line number>"], message "Line n: ...");
nothing is added unless every row is good. A first row whose first cell is "sku" is a header.
"""

from __future__ import annotations

import csv
import io

from sqlalchemy.ext.asyncio import AsyncSession

from gateway.db.models import Cart, ShopSettings
from gateway.orders import carts
from gateway.platform import validation
from gateway.platform.errors import DomainError, Problem, Problems

MAX_CSV = 200_000  # characters: MAX_LINES rows with room to spare


def parse(text: str) -> list[tuple[int, str, int]]:
    """(line number, sku, quantity) of each row; every malformed row's problem at once."""
    problems = Problems()
    if not isinstance(text, str) or not text.strip():
        problems.add("BLANK", "Paste at least one line: sku,quantity.", "csv")
    elif len(text) > MAX_CSV:
        problems.add("TOO_LONG", f"The CSV is too long (at most {MAX_CSV:,} characters).", "csv")
    problems.raise_if_any()
    rows: list[tuple[int, str, int]] = []
    reader = csv.reader(io.StringIO(text.replace("\x00", "")))
    try:
        for cells in reader:
            number = reader.line_num
            cells = [cell.strip() for cell in cells]
            if not any(cells):
                continue
            if not rows and not problems and cells[0].lower() == "sku":
                continue  # the header
            if len(cells) < 2 or not cells[0]:
                problems.add("INVALID", f"Line {number}: write sku,quantity.", "csv", str(number))
                continue
            try:
                quantity = int(cells[1])
            except ValueError:
                problems.add("INVALID", f"Line {number}: the quantity {cells[1][:20]!r} is not a whole number.",
                             "csv", str(number))
                continue
            if not 1 <= quantity <= validation.MAX_QUANTITY:
                code = "INVALID" if quantity < 1 else "QUANTITY_TOO_LARGE"
                problems.add(code, f"Line {number}: the quantity must be 1 to {validation.MAX_QUANTITY:,}.",
                             "csv", str(number))
                continue
            rows.append((number, cells[0], quantity))
    except csv.Error as error:
        problems.add("INVALID", f"Line {reader.line_num}: {error}.", "csv", str(reader.line_num))
    if len(rows) > carts.MAX_LINES:
        problems.add("TOO_MANY_LINES", f"A cart holds at most {carts.MAX_LINES} lines.", "csv")
    problems.raise_if_any()
    return rows


async def add_from_csv(
    session: AsyncSession, shop: ShopSettings, customer_id: int | None, cart_gid: str, text: str
) -> Cart:
    rows = parse(text)
    lines = [{"sku": sku, "quantity": quantity} for _, sku, quantity in rows]
    try:
        return await carts.add_lines(session, shop, customer_id, cart_gid, lines)
    except DomainError as error:  # the lines' problems, said of the CSV's lines
        raise DomainError(*(_on_line(problem, rows) for problem in error.problems)) from None


def _on_line(problem: Problem, rows: list[tuple[int, str, int]]) -> Problem:
    field = problem.field or ()
    if len(field) >= 2 and field[0] == "lines" and field[1].isdigit() and int(field[1]) < len(rows):
        number, sku, _ = rows[int(field[1])]
        return Problem(problem.code, f"Line {number} ({sku[:64]}): {problem.message}", ("csv", str(number)))
    if field[:1] == ("lines",):
        return Problem(problem.code, problem.message, ("csv",))
    return problem
