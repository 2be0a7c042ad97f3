"""Every CSV and XLSX file the application writes goes through here.

- A cell that a spreadsheet would read as a formula (text that begins with =, +, -, @, a tab or
  a carriage return: OWASP's "CSV injection") is written with a leading apostrophe, so that
  `=HYPERLINK(...)` typed by an applicant opens as text in the officer's spreadsheet.
- CSV is written as the spreadsheets of the reader's country open it: in French, Dutch and
  German a semicolon between cells and a decimal comma (a Belgian Excel splits "73,5;..." into
  columns and reads 73,5 as a number), in English a comma and a decimal point; in UTF-8 with a
  byte order mark, so that accented names open right.
- XLSX (openpyxl) keeps numbers as numbers and text as text, whatever the language.
"""

import csv
import io
from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import get_language

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralised(value):
    """A cell's value as written: text that could start a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return value
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _comma_decimals(language):
    return (language or get_language() or "en")[:2] != "en"


def _csv_cell(value, comma):
    value = neutralised(value)
    if isinstance(value, (float, Decimal)) and comma:
        return str(value).replace(".", ",")
    return value


def csv_response(filename, header, rows, language=None):
    """A CSV download in the reader's spreadsheet convention: the header, then each row."""
    comma = _comma_decimals(language)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";" if comma else ",")
    for row in [header, *rows]:
        writer.writerow([_csv_cell(cell, comma) for cell in row])
    return response


def xlsx_response(filename, title, header, rows):
    """An XLSX download: one sheet, a bold header, numbers as numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(title)[:31]
    sheet.append([str(cell) for cell in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([neutralised(cell) if not isinstance(cell, Decimal) else float(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
