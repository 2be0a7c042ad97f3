"""Every CSV (and, later, XLSX) file the application writes goes through here.

A cell that a spreadsheet would read as a formula (text that begins with =, +, -, @, a tab or a
carriage return: OWASP's "CSV injection") is written with a leading apostrophe, so that
`=HYPERLINK(...)` typed by an applicant opens as text in the officer's spreadsheet. Numbers are
written as numbers.
"""

import csv
from decimal import Decimal

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value):
    """A cell's value as written: text that could start a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return value
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_response(filename, header, rows):
    """A CSV download: the header, then each row, every cell neutralised."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow([neutralised(cell) for cell in header])
    for row in rows:
        writer.writerow([neutralised(cell) for cell in row])
    return response
