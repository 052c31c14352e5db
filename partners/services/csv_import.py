"""CSV import of products: parse a file into rows, then upsert all of them or none.

The header row names product fields (see `CSV_COLUMNS`). Empty cells are left out, so an
update through CSV never blanks a field by accident. Errors are reported per row, using the
line number a spreadsheet shows (the header is line 1).
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, BinaryIO

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from partners.models import Partner
from partners.services.catalog import PRODUCT_FIELDS, products_bulk_upsert

CSV_COLUMNS = PRODUCT_FIELDS
CSV_MAX_BYTES = 2 * 1024 * 1024
CSV_MAX_ROWS = 5000
DECIMAL_FIELDS = {"price", "cost"}
INTEGER_FIELDS = {"weight_g", "length_mm", "width_mm", "height_mm"}
CSV_EXAMPLE = {"sku": "TSHIRT-001", "title": "Cotton T-shirt, white, M", "description": "100% cotton",
               "attributes": '{"color": "white", "size": "M"}', "brand": "Bozor", "category": "Clothing",
               "barcode": "4600000000017", "price": "129000.00", "cost": "60000.00", "currency": "UZS",
               "weight_g": "200", "length_mm": "300", "width_mm": "250", "height_mm": "20",
               "images": '["https://example.com/tshirt.jpg"]'}


@dataclass
class CsvImportResult:
    file_error: str = ""
    row_errors: dict[int, list[str]] = field(default_factory=dict)  # line number -> messages
    created: int = 0
    updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.file_error and not self.row_errors


def products_csv_template() -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(CSV_COLUMNS))
    writer.writeheader()
    writer.writerow(CSV_EXAMPLE)
    return out.getvalue()


def _read_text(file: BinaryIO) -> str:
    raw = file.read(CSV_MAX_BYTES + 1)
    if len(raw) > CSV_MAX_BYTES:
        raise ValueError(_("The file is larger than %(mb)s MB. Split it into smaller files and import each.")
                         % {"mb": CSV_MAX_BYTES // (1024 * 1024)})
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(_("The file is not UTF-8 text. In your spreadsheet choose \"Save as CSV UTF-8\" "
                           "and upload it again.")) from None


def _parse_cell(name: str, value: str) -> Any:
    if name in DECIMAL_FIELDS:
        try:
            number = Decimal(value.replace(" ", "").replace(",", "."))
        except InvalidOperation:
            raise ValueError(_("%(field)s: \"%(value)s\" is not a number (use digits and a dot, e.g. 1500.50).")
                             % {"field": name, "value": value}) from None
        if not number.is_finite():
            raise ValueError(_("%(field)s: \"%(value)s\" is not a number.") % {"field": name, "value": value})
        return number
    if name in INTEGER_FIELDS:
        try:
            return int(value.replace(" ", ""))
        except ValueError:
            raise ValueError(_("%(field)s: \"%(value)s\" is not a whole number.")
                             % {"field": name, "value": value}) from None
    if name in ("attributes", "images"):
        try:
            parsed = json.loads(value)
        except json.JSONDecodeError as exc:
            raise ValueError(_("%(field)s: not valid JSON (%(error)s).")
                             % {"field": name, "error": exc.msg}) from None
        expected = dict if name == "attributes" else list
        if not isinstance(parsed, expected):
            raise ValueError(_("attributes: must be a JSON object like {\"color\": \"red\"}.") if name == "attributes"
                             else _("images: must be a JSON list of URLs like [\"https://…/1.jpg\"]."))
        return parsed
    return value.strip()


def _parse_rows(text: str, result: CsvImportResult) -> list[tuple[int, dict[str, Any]]]:
    reader = csv.DictReader(io.StringIO(text, newline=""), restkey="__extra__")
    header = [h.strip() for h in (reader.fieldnames or [])]
    if not header:
        result.file_error = _("The file is empty. The first line must name the columns, e.g. sku,title,price.")
        return []
    unknown = [h for h in header if h not in CSV_COLUMNS]
    if unknown:
        result.file_error = _("Unknown column(s): %(unknown)s. Allowed columns: %(allowed)s.") % {
            "unknown": ", ".join(unknown) or '""', "allowed": ", ".join(CSV_COLUMNS)}
        return []
    missing = [c for c in ("sku", "title") if c not in header]
    if missing:
        result.file_error = _("Required column(s) missing: %(missing)s.") % {"missing": ", ".join(missing)}
        return []
    reader.fieldnames = header
    rows: list[tuple[int, dict[str, Any]]] = []
    for raw in reader:
        line = reader.line_num
        if len(rows) >= CSV_MAX_ROWS:
            result.file_error = _("The file has more than %(n)s rows. Split it into smaller files.") % {"n": CSV_MAX_ROWS}
            return []
        if raw.get("__extra__"):
            result.row_errors.setdefault(line, []).append(_("This row has more cells than the header has columns."))
        row: dict[str, Any] = {}
        for name in header:
            value = raw.get(name)
            if value is None or value.strip() == "":
                continue
            try:
                row[name] = _parse_cell(name, value)
            except ValueError as exc:
                result.row_errors.setdefault(line, []).append(str(exc))
        if any(v for v in raw.values() if v) or line in result.row_errors:
            rows.append((line, row))
    if not rows and not result.row_errors:
        result.file_error = _("The file has a header but no product rows.")
    return rows


def products_csv_import(*, partner: Partner, file: BinaryIO, actor: Any = None) -> CsvImportResult:
    """Import products from CSV, all or nothing. Returns counts, or a file error / row errors."""
    result = CsvImportResult()
    try:
        text = _read_text(file)
    except ValueError as exc:
        result.file_error = str(exc)
        return result
    try:
        rows = _parse_rows(text, result)
    except csv.Error as exc:
        result.file_error = _("The file is not valid CSV (%(error)s).") % {"error": exc}
        return result
    if result.file_error:
        return result
    try:
        return _upsert(partner=partner, rows=rows, actor=actor, result=result)
    except IntegrityError:  # another import or the API created one of these SKUs a moment ago
        return CsvImportResult(file_error=_("Some of these products were changed by someone else at the same "
                                            "time. Nothing was imported; upload the file again."))


def _upsert(*, partner: Partner, rows: list[tuple[int, dict[str, Any]]], actor: Any,
            result: CsvImportResult) -> CsvImportResult:
    lines = [line for line, _row in rows]
    with transaction.atomic():
        upsert = products_bulk_upsert(partner=partner, rows=[row for _line, row in rows], actor=actor, source="csv")
        for index, errors in upsert.errors.items():
            for name, messages in errors.items():
                label = "" if name == "__all__" else f"{name}: "
                result.row_errors.setdefault(lines[index], []).extend(label + m for m in messages)
        if result.row_errors:
            transaction.set_rollback(True)  # a parse error elsewhere: undo the rows that were fine
            result.row_errors = dict(sorted(result.row_errors.items()))
            return result
    result.created, result.updated = len(upsert.created), len(upsert.updated)
    return result
