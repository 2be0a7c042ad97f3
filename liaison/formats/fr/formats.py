# Django's French formats, plus the ordinal of the first day of a month: "1er juin 1992".
FIRST_DAY_DATE_FORMAT = r"j\e\r F Y"
