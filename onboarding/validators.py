"""Business-info validation: INN (Uzbekistan and Russia) and phone numbers (E.164)."""
from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

RU_INN10_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)
RU_INN12_WEIGHTS_1 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
RU_INN12_WEIGHTS_2 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def _check_digit(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights)) % 11 % 10


def inn_normalize(value: str) -> str:
    """Return the INN as digits, or raise ValidationError saying what is wrong.

    Uzbekistan: 9 digits (STIR). Russia: 10 digits (organisation) or 12 (individual
    entrepreneur), with the Federal Tax Service check digits.
    """
    digits = re.sub(r"[\s-]", "", value or "")
    if not digits:
        raise ValidationError(_("Enter your INN (tax number)."), code="required")
    if not digits.isdigit():
        raise ValidationError(_("An INN has digits only."), code="digits")
    if len(digits) == 9:
        return digits
    if len(digits) == 10:
        if _check_digit(digits, RU_INN10_WEIGHTS) != int(digits[9]):
            raise ValidationError(_("This 10-digit INN has a wrong check digit. Check it against your "
                                    "registration documents."), code="checksum")
        return digits
    if len(digits) == 12:
        if (_check_digit(digits, RU_INN12_WEIGHTS_1) != int(digits[10])
                or _check_digit(digits, RU_INN12_WEIGHTS_2) != int(digits[11])):
            raise ValidationError(_("This 12-digit INN has wrong check digits. Check it against your "
                                    "registration documents."), code="checksum")
        return digits
    raise ValidationError(_("An INN has 9 digits in Uzbekistan, or 10 or 12 digits in Russia; you entered %(n)d.")
                          % {"n": len(digits)}, code="length")


def phone_normalize(value: str) -> str:
    """Return the phone in E.164 (+998XXXXXXXXX or +7XXXXXXXXXX), or raise ValidationError.

    Accepts spaces, dashes, brackets, a leading 00, a Russian leading 8 and numbers typed without +.
    """
    raw = (value or "").strip()
    if not raw:
        raise ValidationError(_("Enter a phone number."), code="required")
    if re.search(r"[^\d\s()+.-]", raw):
        raise ValidationError(_("A phone number has digits, spaces, brackets and dashes only."), code="chars")
    digits = re.sub(r"\D", "", raw)
    if raw.startswith("00"):
        digits = digits[2:]
    elif len(digits) == 11 and digits.startswith("8") and not raw.startswith("+"):
        digits = "7" + digits[1:]  # Russian trunk prefix: 8 912 ... -> +7 912 ...
    elif len(digits) == 9 and not raw.startswith("+"):
        digits = "998" + digits  # Uzbek number typed without the country code
    if digits.startswith("998"):
        if len(digits) != 12:
            raise ValidationError(_("An Uzbek number is +998 and 9 more digits, e.g. +998 90 123 45 67."),
                                  code="length")
        return "+" + digits
    if digits.startswith("7"):
        if len(digits) != 11:
            raise ValidationError(_("A Russian number is +7 and 10 more digits, e.g. +7 912 345 67 89."),
                                  code="length")
        return "+" + digits
    raise ValidationError(_("Use an Uzbek (+998) or Russian (+7) number."), code="country")
