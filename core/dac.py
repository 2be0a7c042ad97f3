from functools import cache
from pathlib import Path

LIST_FILE = Path(__file__).parent / "data" / "dac_recipients.txt"


@cache
def recipients():
    codes = set()
    for line in LIST_FILE.read_text().splitlines():
        if not line.startswith("#"):
            codes.update(line.split())
    return frozenset(codes)


def is_recipient(country_code):
    return str(country_code).upper() in recipients()
