"""Belgian enterprise numbers and IBANs, checked by their check digits (python-stdnum)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import iban
from stdnum.be import vat as bce
from stdnum.exceptions import ValidationError as StdnumError


def compact_enterprise_number(value):
    try:
        return bce.compact(value)
    except StdnumError:
        return value


def validate_enterprise_number(value):
    try:
        bce.validate(value)
    except StdnumError:
        raise ValidationError(
            _(
                "%(value)s is not a valid Belgian enterprise number: it has 10 digits, starts with 0 or 1, "
                "and its last two digits are 97 minus the first eight modulo 97."
            ),
            params={"value": value},
            code="enterprise_number",
        ) from None


def compact_iban(value):
    return iban.compact(value)


def validate_iban(value):
    """ISO 13616 as banks check it: the check digits, and the country's length and format. The
    country's own rules are left out: python-stdnum's Belgian one refuses bank codes missing from
    its table (539), which real accounts use."""
    try:
        iban.validate(value, check_country=False)
    except StdnumError:
        raise ValidationError(
            _("%(value)s is not a valid IBAN: check the country code, the length and the check digits."),
            params={"value": value},
            code="iban",
        ) from None
