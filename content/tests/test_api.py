from __future__ import annotations

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from content.models import ContentDraft, ContentPublication, GenerationJob, ModelPrice
from content.services.cards import card_generate
from content.tests.conftest import photo_save

API = "/api/v1/content"


@pytest.fixture
def api_a(user_a):
    client = APIClient()
    client.force_authenticate(user_a)
    return client


@pytest.fixture
def b_draft(make_product, partner_b, ai_level):
    ai_level(partner_b, "balanced")
    product = make_product(partner=partner_b, title="Чайник Artel ART-KE 1505, 1,7 л", brand="Artel",
                           category="Бытовая техника / Чайники", weight_g=1100)
    return card_generate(product=product, marketplace="ozon")


def test_settings_get_and_patch_with_stable_errors(api_a, partner_a):
    assert api_a.get(f"{API}/settings/").json()["automation_level"] == "balanced"
    ok = api_a.patch(f"{API}/settings/", {"automation_level": "maximum", "monthly_budget": "12.50"}, format="json")
    assert ok.status_code == 200 and ok.json()["monthly_budget"] == "12.50"
    bad = api_a.patch(f"{API}/settings/", {"alert_threshold_pct": 150}, format="json")
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid"
    assert "alert_threshold_pct" in bad.json()["error"]["details"]


def test_generate_job_progress_review_and_approve(api_a, phone, partner_a, ai_level,
                                                  django_capture_on_commit_callbacks, connect_accounts):
    ai_level(partner_a, "balanced")
    connect_accounts(partner_a, "wildberries", "yandex_market")
    with django_capture_on_commit_callbacks(execute=True):
        started = api_a.post(f"{API}/cards/generate/", {"product_ids": [phone.pk],
                                                        "marketplaces": ["wildberries", "yandex_market"]},
                             format="json")
    assert started.status_code == 202
    job = api_a.get(f"{API}/jobs/{started.json()['id']}/").json()
    assert (job["status"], job["done"], job["total"], job["percent"]) == ("done", 2, 2, 100)
    drafts = api_a.get(f"{API}/drafts/?status=draft").json()["results"]
    assert len(drafts) == 2
    detail = api_a.get(f"{API}/drafts/{drafts[0]['id']}/").json()
    assert {row["field"] for row in detail["diff"]} >= {"title", "description", "attributes"}
    bulk = api_a.post(f"{API}/drafts/bulk-approve/", {"ids": [d["id"] for d in drafts]}, format="json").json()
    assert sorted(bulk["approved"]) == sorted(d["id"] for d in drafts) and bulk["errors"] == {}
    assert ContentPublication.objects.filter(partner=partner_a, intent__status="pending").count() == 2


def test_generate_validation_errors(api_a, b_draft):
    response = api_a.post(f"{API}/cards/generate/", {"product_ids": [b_draft.product_id], "marketplaces": ["ozon"]},
                          format="json")
    assert response.status_code == 400 and "not found" in str(response.json()["error"]["details"])
    response = api_a.post(f"{API}/cards/generate/", {"product_ids": [1], "marketplaces": ["amazon"]}, format="json")
    assert response.status_code == 400 and "marketplaces" in response.json()["error"]["details"]
    assert not GenerationJob.objects.exists()


def test_edit_then_approve_says_what_to_fix(api_a, phone, partner_a, ai_level, connect_accounts):
    ai_level(partner_a, "minimal")
    connect_accounts(partner_a, "wildberries")
    draft = card_generate(product=phone, marketplace="wildberries")
    edited = api_a.patch(f"{API}/drafts/{draft.pk}/", {"title": "Лучший смартфон, скидка"}, format="json").json()
    assert any("forbidden" in p for p in edited["problems"])
    refused = api_a.post(f"{API}/drafts/{draft.pk}/approve/")
    assert refused.status_code == 400 and "лучш" in refused.json()["error"]["message"] + str(refused.json())
    phone.refresh_from_db()
    assert "Лучший" not in phone.title and not ContentPublication.objects.exists()
    api_a.patch(f"{API}/drafts/{draft.pk}/", {"title": "Смартфон Samsung Galaxy A15, чёрный"}, format="json")
    approved = api_a.post(f"{API}/drafts/{draft.pk}/approve/").json()
    assert approved["status"] == "approved" and approved["publication"]["status"] == "pending"


def test_review_reply_images_reject_and_spend(api_a, phone, partner_a, ai_level, make_review):
    ai_level(partner_a, "balanced")
    ModelPrice.objects.filter(model="offline").update(output_per_1k=Decimal("0.01"))
    review = make_review(partner=partner_a, marketplace="yandex_market", rating=1, text="Товар пришёл сломанный")
    reply = api_a.post(f"{API}/reviews/{review.pk}/reply/")
    assert reply.status_code == 201 and reply.json()["analysis"]["sentiment"] == "negative"
    phone.images = [photo_save()]
    phone.save()
    images = api_a.post(f"{API}/products/{phone.pk}/images/", {"marketplace": "yandex_market"}, format="json")
    assert images.status_code == 201 and images.json()["payload"]["size"] == [1000, 1000]
    rejected = api_a.post(f"{API}/drafts/{reply.json()['id']}/reject/", {"reason": "tone"}, format="json")
    assert rejected.json()["status"] == "rejected"
    review.refresh_from_db()
    assert review.answer_status == "none"  # the rejected AI draft no longer holds the review
    spend = api_a.get(f"{API}/spend/").json()
    purposes = {row["purpose"]: row for row in spend["by_purpose"]}
    assert set(purposes) == {"review_reply", "image"} and Decimal(spend["spent"]) > 0
    assert Decimal(purposes["review_reply"]["cost_per_operation"]) > 0 and spend["exhausted"] is False


@pytest.mark.parametrize("method, path", [
    ("get", "drafts/{d}/"), ("patch", "drafts/{d}/"), ("post", "drafts/{d}/approve/"), ("post", "drafts/{d}/reject/"),
    ("get", "jobs/{j}/"), ("post", "reviews/{r}/reply/"), ("post", "products/{p}/images/"),
])
def test_partner_a_gets_404_on_partner_bs_objects(api_a, b_draft, partner_b, method, path, make_review):
    job = GenerationJob.objects.create(partner=partner_b, product_ids=[], marketplaces=["ozon"], total=0)
    review = make_review(partner=partner_b, marketplace="ozon", text="Хорошо")
    url = f"{API}/" + path.format(d=b_draft.pk, j=job.pk, r=review.pk, p=b_draft.product_id)
    response = getattr(api_a, method)(url, {"marketplace": "ozon", "title": "x"}, format="json")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    b_draft.refresh_from_db()
    assert b_draft.status == "draft" and ContentDraft.objects.filter(partner=partner_b).count() == 1


def test_lists_and_bulk_never_cross_partners(api_a, b_draft):
    assert api_a.get(f"{API}/drafts/").json()["results"] == []
    bulk = api_a.post(f"{API}/drafts/bulk-approve/", {"ids": [b_draft.pk]}, format="json").json()
    assert bulk["approved"] == [] and str(b_draft.pk) in bulk["errors"]
    b_draft.refresh_from_db()
    assert b_draft.status == "draft"


def test_api_needs_a_partner_user(staff_user):
    client = APIClient()
    assert client.get(f"{API}/drafts/").status_code == 401
    client.force_authenticate(staff_user)
    assert client.get(f"{API}/drafts/").status_code == 403


def test_settings_and_spend_are_the_callers_own(api_a, b_draft, partner_b):
    from content.models import AISettings

    assert b_draft.cost >= 0 and partner_b.ai_calls.exists()  # partner B has spent on AI
    AISettings.objects.filter(partner=partner_b).update(monthly_budget=Decimal("99.00"))
    spend = api_a.get(f"{API}/spend/").json()
    assert spend["by_purpose"] == [] and Decimal(spend["spent"]) == 0
    assert api_a.get(f"{API}/settings/").json()["monthly_budget"] != "99.00"
    api_a.patch(f"{API}/settings/", {"monthly_budget": "5.00"}, format="json")
    assert AISettings.objects.get(partner=partner_b).monthly_budget == Decimal("99.00")
