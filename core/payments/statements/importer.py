"""Reading bank statement CSVs into statement lines.

Thai banks differ: dates in Buddhist-Era years (``05/01/2568``), amounts with
thousands separators and ``บาท``, negatives with a minus or in parentheses,
one signed amount column or separate debit and credit columns. The tenant's
:class:`~core.payments.statements.models.StatementMapping` says how a bank's
file reads. The job is run by the kernel's runner (core/imports/runner.py),
as every CSV import: decoded, validated in full first, ``strict`` imports
nothing when a line is bad, ``good_only`` skips the bad lines. Lines go in with ``ON CONFLICT DO NOTHING``
on their hash, so a file imported twice, or overlapping another, adds each
line once. Row numbers are the file's line numbers.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

import sqlalchemy as sa

from core import clock
from core.db import db, is_postgres
from core.errors import N_
from core.imports import runner
from core.imports.runner import ImportFileError
from core.payments.statements.dates import BadCell, parse_statement_date
from core.payments.statements.models import StatementLine, StatementMapping
from core.tenancy.context import require_tenant_id

INSERT_BATCH = 1000
HEADER_SEARCH_ROWS = 30


@dataclass(frozen=True)
class ParsedLine:
    number: int
    line_date: date
    amount: int
    description: str
    reference: str | None
    balance_after: int | None


# --- cells --------------------------------------------------------------------

_NUMBER = re.compile(r"^\d+(\.\d{1,2})?$")


def parse_amount(text: str | None, style: str = "dot", field: str | None = None) -> int | None:
    """Satang from ``1,234.50``, ``-1,234.50``, ``1,234.50 บาท``, ``(1,234.50)``,
    ``1,234.50-`` (or ``1.234,50`` in the ``comma`` style); None when empty."""
    cleaned = (text or "").strip()
    for token in ("฿", "บาท", "THB", "\u00a0", " "):
        cleaned = cleaned.replace(token, "")
    if cleaned in ("", "-"):
        return None
    negative = False
    if cleaned.startswith("(") and cleaned.endswith(")"):
        negative, cleaned = True, cleaned[1:-1]
    if cleaned.startswith(("-", "+")):
        negative, cleaned = cleaned[0] == "-", cleaned[1:]
    elif cleaned.endswith("-"):
        negative, cleaned = True, cleaned[:-1]
    if style == "comma":
        cleaned = cleaned.replace(".", "").replace(",", ".")
    else:
        cleaned = cleaned.replace(",", "")
    if not _NUMBER.match(cleaned):
        raise BadCell(N_("Not an amount: %(value)s"), field=field, value=(text or "")[:40])
    try:
        satang = int(Decimal(cleaned) * 100)
    except InvalidOperation as exc:  # pragma: no cover - the pattern guards this
        raise BadCell(N_("Not an amount: %(value)s"), field=field, value=(text or "")[:40]) from exc
    return -satang if negative else satang


def parse_date(text: str | None, fmt: str = "DD/MM/YYYY", era: str = "auto", field: str | None = None,
               latest: date | None = None) -> date:
    """A date as Thai banks print it (see :mod:`core.payments.statements.dates`)."""
    return parse_statement_date(text, fmt, era, field=field, latest=latest)


# --- the file -----------------------------------------------------------------


def _sniff_dialect(text: str, skip_rows: int) -> type[csv.Dialect] | csv.Dialect:
    """Comma unless the table itself (after any title rows) clearly uses ; tab or |."""
    sample = "\n".join(text.splitlines()[skip_rows:skip_rows + 20])
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        return csv.excel
    return dialect if dialect.delimiter != "," else csv.excel


def read_table(text: str, mapping: StatementMapping) -> tuple[list[str] | None, list[tuple[int, list[str]]]]:
    """(header or None, [(line number, cells)]) after the skipped rows."""
    reader = csv.reader(io.StringIO(text, newline=""), _sniff_dialect(text, mapping.skip_rows))
    rows: list[tuple[int, list[str]]] = []
    try:
        for cells in reader:
            rows.append((reader.line_num, cells))
    except csv.Error as exc:
        raise ImportFileError(N_("The file is not a readable CSV file: %(problem)s"), problem=str(exc)[:100]) from exc
    rows = rows[mapping.skip_rows:]
    header = None
    if mapping.has_header:
        if not rows:
            raise ImportFileError(N_("The file is empty"))
        at = _header_at(rows, mapping)
        header = [h.strip().lower() for h in rows[at][1]]
        rows = rows[at + 1:]
    rows = [(n, cells) for n, cells in rows if any(c.strip() for c in cells)]
    if not rows:
        raise ImportFileError(N_("The file has no data rows"))
    return header, rows


def _find_column(header: list[str] | None, name: str) -> int | None:
    """A 1-based number, or a header name; ``|`` separates names a bank uses
    for the same column (``วันที่|Date``), the first found wins."""
    if name.isdigit():
        return int(name) - 1
    for alternative in (a.strip().lower() for a in name.split("|")):
        if header is not None and alternative and alternative in header:
            return header.index(alternative)
    return None


def _header_at(rows: list[tuple[int, list[str]]], mapping: StatementMapping) -> int:
    """Where the header is: the first row naming the date column, so that a
    bank's title rows (account name, period) need not be counted; the row
    after the skipped ones when the date column is a number or not found."""
    name = (mapping.date_column or "").strip()
    if not name or name.isdigit():
        return 0
    for index, (_number, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if _find_column([c.strip().lower() for c in cells], name) is not None:
            return index
    return 0


COLUMN_ROLES = ("date", "description", "amount", "debit", "credit", "reference", "balance")
OPTIONAL_ROLES = ("reference", "balance")


def column_positions(header: list[str] | None, mapping: StatementMapping) -> dict[str, int]:
    """Role -> cell index. A mapped column is a header name or a 1-based number."""
    positions: dict[str, int] = {}
    missing = []
    for role in COLUMN_ROLES:
        name = (getattr(mapping, f"{role}_column") or "").strip()
        if not name:
            continue
        found = _find_column(header, name)
        if found is None and role in OPTIONAL_ROLES:
            continue  # a bank's file without a reference or balance column still reads
        if found is None:
            missing.append(name)
        else:
            positions[role] = found
    if missing:
        raise ImportFileError(N_("Required columns are missing: %(columns)s"), columns=", ".join(missing))
    if "amount" not in positions and not ("debit" in positions and "credit" in positions):
        raise ImportFileError(N_("Map either an amount column or both debit and credit columns"))
    return positions


def _cell(cells: list[str], positions: dict[str, int], role: str) -> str:
    index = positions.get(role)
    if index is None or index >= len(cells):
        return ""
    return cells[index].strip()


def parse_row(number: int, cells: list[str], positions: dict[str, int], mapping: StatementMapping,
              latest: date | None = None) -> ParsedLine:
    """One line, or :class:`BadCell` naming the first bad cell; a date after
    ``latest`` is refused."""
    style = mapping.decimal_style
    line_date = parse_date(_cell(cells, positions, "date"), mapping.date_format, mapping.year_era, field="date",
                           latest=latest)
    if "amount" in positions:
        amount = parse_amount(_cell(cells, positions, "amount"), style, field="amount")
    else:
        debit = parse_amount(_cell(cells, positions, "debit"), style, field="debit")
        credit = parse_amount(_cell(cells, positions, "credit"), style, field="credit")
        if debit and credit:
            raise BadCell(N_("A line has either a withdrawal or a deposit, not both"), field="debit")
        # On a bank statement a debit is money out of the account, a credit money in.
        amount = (credit or 0) - abs(debit or 0) if (debit or credit) else None
    if not amount:
        raise BadCell(N_("No amount on this line"), field="amount")
    balance = parse_amount(_cell(cells, positions, "balance"), style, field="balance") if "balance" in positions else None
    reference = _cell(cells, positions, "reference")[:100] or None
    return ParsedLine(number, line_date, amount, _cell(cells, positions, "description")[:300], reference, balance)


def extract_ref1(reference: str | None) -> str | None:
    """The Ref1 the payer typed: the reference without spaces, as printed."""
    if not reference:
        return None
    value = re.sub(r"\s+", "", reference)
    return value[:20] or None


def line_hash(bank_account_id: int, line: ParsedLine, occurrence: int) -> str:
    key = "\x1f".join((str(bank_account_id), line.line_date.isoformat(), str(line.amount), line.description,
                       line.reference or "", str(occurrence)))
    return hashlib.sha256(key.encode()).hexdigest()


def insert_lines(bank_account_id: int, import_id: int | None, lines: list[ParsedLine]) -> int:
    """Insert lines once each; returns how many were new."""
    tenant_id = require_tenant_id()
    seen: Counter = Counter()
    values = []
    for line in lines:
        key = (line.line_date, line.amount, line.description, line.reference)
        seen[key] += 1
        values.append({
            "tenant_id": tenant_id, "bank_account_id": bank_account_id, "import_id": import_id,
            "line_date": line.line_date, "amount": line.amount, "description": line.description,
            "reference": line.reference, "ref1": extract_ref1(line.reference), "balance_after": line.balance_after,
            "line_hash": line_hash(bank_account_id, line, seen[key]), "status": "unmatched",
        })
    if is_postgres():
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    added = 0
    table = StatementLine.__table__
    for start in range(0, len(values), INSERT_BATCH):
        stmt = insert(table).values(values[start:start + INSERT_BATCH]).on_conflict_do_nothing(
            index_elements=["tenant_id", "bank_account_id", "line_hash"]).returning(table.c.id)
        added += len(db.session.execute(stmt).all())
    db.session.flush()
    return added


# --- the job ------------------------------------------------------------------


def default_mapping(bank_account_id: int) -> StatementMapping:
    return StatementMapping(bank_account_id=bank_account_id, date_column="date", description_column="description",
                            amount_column="amount", reference_column="reference", date_format="DD/MM/YYYY",
                            year_era="auto", decimal_style="dot", skip_rows=0, has_header=True)


def mapping_for(bank_account_id: int) -> StatementMapping:
    found = db.session.scalar(sa.select(StatementMapping).where(StatementMapping.bank_account_id == bank_account_id))
    return found or default_mapping(bank_account_id)


def _copy(mapping: StatementMapping) -> StatementMapping:
    """A transient copy that reads the same after the session commits."""
    columns = [c.key for c in StatementMapping.__table__.columns if c.key not in ("id", "tenant_id")]
    return StatementMapping(**{key: getattr(mapping, key) for key in columns})


def _read(job, text: str):
    mapping = _copy(mapping_for(job.subject_id))
    header, rows = read_table(text, mapping)
    positions = column_positions(header, mapping)
    latest = clock.today()
    return rows, lambda number, cells: parse_row(number, cells, positions, mapping, latest)


def _apply(job, lines: list[ParsedLine], progress) -> dict[str, int]:
    added = insert_lines(job.subject_id, job.id, lines)
    return {"lines_added": added, "lines_already": len(lines) - added}


IMPORT_KIND = "payments.statement"
IMPORTER = runner.Importer(
    kind=IMPORT_KIND,
    read=_read,
    apply=_apply,
    counts=("lines_added", "lines_already"),
    done_action="payments.statement.imported",
    target_type="statement_import",
)


def run(import_id: int, tenant_id: int) -> str:
    """Validate and import a queued statement file (core/imports/runner.py);
    returns its final status. Running it twice is safe."""
    return runner.run(IMPORTER, import_id, tenant_id)
