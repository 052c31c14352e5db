"""CSV import: good file, bad rows (per-row messages, nothing written), unknown column,
non-UTF-8, too large; the service and the page."""
from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partners.models import AuditEvent, Product
from partners.services import csv_import
from partners.services.csv_import import products_csv_import, products_csv_template

pytestmark = pytest.mark.django_db

GOOD = (
    "sku,title,price,cost,currency,weight_g,attributes,images,brand\n"
    'PLOV-1,Plov rice 1 kg,"18 500,50",9000,UZS,1000,"{""grain"": ""devzira""}",'
    '"[""https://img.example.test/p.jpg""]",Chorsu\n'
    "PLOV-2,Plov spice mix,7000,3000,UZS,50,,,\n"
)


def _upload(text: str | bytes, name: str = "products.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8") if isinstance(text, str) else text, "text/csv")


def test_good_file_creates_and_updates(partner_a, make_product):
    existing = make_product(partner=partner_a, sku="PLOV-2", title="Old title", brand="Keep me")
    result = products_csv_import(partner=partner_a, file=_upload("\ufeff" + GOOD))  # Excel's BOM is fine
    assert result.ok, (result.file_error, result.row_errors)
    assert (result.created, result.updated) == (1, 1)
    plov = Product.objects.get(partner=partner_a, sku="PLOV-1")
    assert str(plov.price) == "18500.50" and plov.attributes == {"grain": "devzira"}
    assert plov.images == ["https://img.example.test/p.jpg"] and plov.weight_g == 1000
    existing.refresh_from_db()
    assert existing.title == "Plov spice mix" and existing.brand == "Keep me"  # empty cell keeps the value
    assert AuditEvent.objects.filter(action="products.bulk_upserted", data__source="csv").exists()


def test_bad_rows_get_per_row_messages_and_nothing_is_written(partner_a, make_product):
    make_product(partner=partner_a, sku="KEEP-1", title="Unchanged")
    text = ("sku,title,price,weight_g,attributes,currency\n"
            "KEEP-1,Changed,100,1,,UZS\n"              # line 2: fine on its own
            "BAD-PRICE,Tea,abc,1,,UZS\n"               # line 3
            "BAD-JSON,Tea,1,1,{oops,UZS\n"             # line 4
            "BAD-WEIGHT,Tea,1,heavy,,UZS\n"            # line 5
            ",No sku,1,1,,UZS\n"                       # line 6
            "BAD-CUR,Tea,1,1,,EUR\n"                   # line 7
            "KEEP-1,Duplicate,1,1,,UZS\n"              # line 8
            "NEG,Tea,-1,1,,UZS\n")                     # line 9
    result = products_csv_import(partner=partner_a, file=_upload(text))
    assert not result.ok and not result.file_error
    errors = result.row_errors
    assert set(errors) == {3, 4, 5, 6, 7, 8, 9}
    assert 'price: "abc" is not a number' in errors[3][0]
    assert "attributes: not valid JSON" in errors[4][0]
    assert 'weight_g: "heavy" is not a whole number' in errors[5][0]
    assert any(e.startswith("sku:") for e in errors[6])
    assert any(e.startswith("currency:") for e in errors[7])
    assert any("Duplicate SKU" in e for e in errors[8])
    assert any(e.startswith("price:") for e in errors[9])
    assert Product.objects.get(partner=partner_a, sku="KEEP-1").title == "Unchanged"
    assert Product.objects.filter(partner=partner_a).count() == 1
    assert not AuditEvent.objects.filter(action="products.bulk_upserted").exists()


def test_parse_error_alone_rolls_back_rows_that_were_valid(partner_a):
    text = "sku,title,price\nOK-1,Fine,10\nOK-2,Fine,ten\n"
    result = products_csv_import(partner=partner_a, file=_upload(text))
    assert list(result.row_errors) == [3]
    assert not Product.objects.filter(partner=partner_a).exists()


@pytest.mark.parametrize(("text", "message"), [
    ("sku,title,colour,Price\nA,B,red,1\n", "Unknown column(s): colour, Price"),
    ("title,price\nB,1\n", "Required column(s) missing: sku"),
    ("", "The file is empty"),
    ("sku,title\n", "no product rows"),
])
def test_file_level_errors(partner_a, text, message):
    result = products_csv_import(partner=partner_a, file=_upload(text))
    assert message in result.file_error
    assert not Product.objects.exists()


def test_non_utf8_file(partner_a):
    data = "sku,title\nCHAY-1,Чай зелёный\n".encode("cp1251")
    result = products_csv_import(partner=partner_a, file=_upload(data))
    assert "not UTF-8" in result.file_error and "CSV UTF-8" in result.file_error
    assert not Product.objects.exists()


def test_too_large_file(partner_a, monkeypatch):
    monkeypatch.setattr(csv_import, "CSV_MAX_BYTES", 100)
    result = products_csv_import(partner=partner_a, file=_upload("sku,title\n" + "A,B\n" * 50))
    assert "larger than" in result.file_error
    assert not Product.objects.exists()


def test_template_round_trips(partner_a):
    template = products_csv_template()
    header = next(csv.reader(io.StringIO(template)))
    assert header[:2] == ["sku", "title"]
    result = products_csv_import(partner=partner_a, file=_upload(template))
    assert result.ok and result.created == 1


def test_import_page_report_and_success(client, user_a, partner_a):
    client.force_login(user_a)
    response = client.post(reverse("product_import"),
                           {"file": _upload("sku,title,price\nA-1,Apple,1\nA-2,Pear,oops\n")})
    body = response.content.decode()
    assert response.status_code == 422
    assert "Nothing was imported" in body and 'data-line="3"' in body and "is not a number" in body
    assert not Product.objects.exists()
    response = client.post(reverse("product_import"), {"file": _upload(GOOD)})
    assert response["Location"] == reverse("product_list")
    assert Product.objects.filter(partner=partner_a).count() == 2
    page = client.get(reverse("product_list")).content.decode()
    assert "Import finished: 2 created, 0 updated." in page
    response = client.post(reverse("product_import"), {})
    assert response.status_code == 200 and 'id="id_file_error"' in response.content.decode()


def test_template_download(client, user_a):
    client.force_login(user_a)
    response = client.get(reverse("product_import_template"))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response.content.decode().startswith("sku,title,")
