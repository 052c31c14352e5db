import pytest
from django.core.exceptions import ValidationError

from onboarding.validators import inn_normalize, phone_normalize


@pytest.mark.parametrize("value, expected", [
    ("305123456", "305123456"),          # Uzbekistan, 9 digits
    ("7707083893", "7707083893"),        # Sberbank, valid 10-digit checksum
    ("7736207543", "7736207543"),        # Yandex LLC
    ("500100732259", "500100732259"),    # valid 12-digit (individual entrepreneur)
    (" 7707-083-893 ", "7707083893"),    # spaces and dashes tolerated
])
def test_inn_good(value, expected):
    assert inn_normalize(value) == expected


@pytest.mark.parametrize("value, code", [
    ("", "required"), ("77070838AB", "digits"), ("7707083894", "checksum"), ("500100732258", "checksum"),
    ("12345", "length"), ("12345678901", "length"),
])
def test_inn_bad(value, code):
    with pytest.raises(ValidationError) as exc:
        inn_normalize(value)
    assert exc.value.code == code


@pytest.mark.parametrize("value, expected", [
    ("+998 90 123 45 67", "+998901234567"), ("998901234567", "+998901234567"), ("(90) 123-45-67", "+998901234567"),
    ("00998901234567", "+998901234567"), ("+7 (912) 345-67-89", "+79123456789"), ("8 912 345 67 89", "+79123456789"),
    ("79123456789", "+79123456789"),
])
def test_phone_good(value, expected):
    assert phone_normalize(value) == expected


@pytest.mark.parametrize("value, code", [
    ("", "required"), ("+998 90 123 45", "length"), ("+7 912 345", "length"), ("+1 212 555 0100", "country"),
    ("call me", "chars"),
])
def test_phone_bad(value, code):
    with pytest.raises(ValidationError) as exc:
        phone_normalize(value)
    assert exc.value.code == code
