from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from content.models import ContentDraft, ContentPublication, GenerationJob, ModelPrice
from content.services.cards import card_generate


@pytest.fixture
def client_a(client, user_a):
    client.force_login(user_a)
    return client


@pytest.fixture
def b_draft(make_product, partner_b, ai_level):
    ai_level(partner_b, "balanced")
    product = make_product(partner=partner_b, title="Чайник Artel ART-KE 1505, 1,7 л", brand="Artel",
                           category="Бытовая техника / Чайники", weight_g=1100)
    return card_generate(product=product, marketplace="ozon")


def test_queue_shows_diff_and_htmx_approve_updates_product(client_a, phone, partner_a, ai_level, connect_accounts):
    ai_level(partner_a, "balanced")
    connect_accounts(partner_a, "wildberries")
    draft = card_generate(product=phone, marketplace="wildberries")
    page = client_a.get(reverse("content:queue"))
    assert page.status_code == 200 and f'id="draft-{draft.pk}"' in page.content.decode()
    assert "<ins>" in page.content.decode() and "Approve selected drafts" in page.content.decode()
    detail = client_a.get(reverse("content:draft", args=[draft.pk])).content.decode()
    assert "<ins>" in detail and 'class="diff"' in detail  # the draft's own page shows the diff too
    row = client_a.post(reverse("content:approve", args=[draft.pk]), HTTP_HX_REQUEST="true")
    assert row.status_code == 200 and 'data-status="approved"' in row.content.decode()
    assert "<html" not in row.content.decode()  # a partial for HTMX
    phone.refresh_from_db()
    assert phone.title == draft.payload["title"] and phone.attributes["seo_keywords"]["wildberries"]
    assert ContentPublication.objects.get(draft=draft).status == "pending"
    assert 'data-publication="pending"' in row.content.decode()


def test_bulk_approve_only_drafts(client_a, phone, make_product, partner_a, ai_level):
    ai_level(partner_a, "balanced")
    first = card_generate(product=phone, marketplace="wildberries")
    second = card_generate(product=phone, marketplace="ozon")
    ai_level(partner_a, "minimal")
    suggestion = card_generate(product=phone, marketplace="uzum")
    response = client_a.post(reverse("content:bulk_approve"), {"ids": [first.pk, second.pk, suggestion.pk]},
                             HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "one at a time" in response.content.decode()
    statuses = dict(ContentDraft.objects.values_list("pk", "status"))
    assert statuses[first.pk] == statuses[second.pk] == "approved" and statuses[suggestion.pk] == "suggested"


def test_generate_many_with_progress(client_a, phone, make_product, partner_a, ai_level,
                                     django_capture_on_commit_callbacks):
    ai_level(partner_a, "balanced")
    other = make_product(partner=partner_a, title="Шампунь NIVEA «Объём и сила», 400 мл", brand="NIVEA",
                         category="Красота / Уход за волосами")
    with django_capture_on_commit_callbacks(execute=True):  # q2 runs synchronously in tests
        response = client_a.post(reverse("content:generate"), {"product_ids": [phone.pk, other.pk],
                                                               "marketplaces": ["wildberries", "uzum"]},
                                 HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    job = GenerationJob.objects.get(partner=partner_a)
    poll = client_a.get(reverse("content:job", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert 'data-status="done"' in poll and "4 of 4 done" in poll and "every 1s" not in poll
    assert ContentDraft.objects.filter(partner=partner_a, status="draft").count() == 4


def test_generate_rejects_another_partners_products(client_a, b_draft):
    response = client_a.post(reverse("content:generate"), {"product_ids": [b_draft.product_id],
                                                           "marketplaces": ["ozon"]}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400 and not GenerationJob.objects.exists()


def test_budget_stop_is_visible_on_the_queue_and_spend_pages(client_a, phone, partner_a, ai_level):
    ModelPrice.objects.filter(model="offline").update(output_per_1k=Decimal("100"))
    ai_level(partner_a, "maximum", monthly_budget=Decimal("0.01"))
    card_generate(product=phone, marketplace="ozon")
    waiting = card_generate(product=phone, marketplace="uzum")
    assert waiting.status == "waiting_budget" and not ContentPublication.objects.exists()
    for name in ("content:queue", "content:spend"):
        assert "budget is used up" in client_a.get(reverse(name)).content.decode()
    assert "budget is used up" in client_a.get(reverse("content:queue") + "?status=waiting_budget").content.decode()


def test_settings_page_saves(client_a, partner_a):
    response = client_a.post(reverse("content:settings"), {"automation_level": "maximum", "monthly_budget": "55",
                                                            "alert_threshold_pct": "90", "language": "uz",
                                                            "refunds_allowed": "on"})
    assert response.status_code == 302
    partner_a.ai_settings.refresh_from_db()
    assert (partner_a.ai_settings.automation_level, partner_a.ai_settings.refunds_allowed) == ("maximum", True)


def test_review_reply_and_draft_edit_pages(client_a, partner_a, ai_level, make_review):
    ai_level(partner_a, "balanced")
    review = make_review(partner=partner_a, marketplace="wildberries", rating=5, text="Отличный чайник!")
    assert "Отличный чайник" in client_a.get(reverse("content:reviews")).content.decode()
    row = client_a.post(reverse("content:review_reply", args=[review.pk]), HTTP_HX_REQUEST="true")
    assert row.status_code == 200 and "Спасибо" in row.content.decode()
    draft = ContentDraft.objects.get(review=review)
    client_a.post(reverse("content:edit", args=[draft.pk]), {"text": "Спасибо! Мы вернём деньги за покупку."})
    draft.refresh_from_db()
    assert any("refunds" in p for p in draft.problems)  # the edit is re-checked against the policy
    assert client_a.get(reverse("content:draft", args=[draft.pk])).status_code == 200


@pytest.mark.parametrize("name, method", [
    ("content:draft", "get"), ("content:approve", "post"), ("content:reject", "post"), ("content:edit", "post"),
])
def test_partner_a_gets_404_on_partner_bs_drafts(client_a, b_draft, name, method):
    response = getattr(client_a, method)(reverse(name, args=[b_draft.pk]))
    assert response.status_code == 404
    b_draft.refresh_from_db()
    assert b_draft.status == "draft"


def test_partner_a_gets_404_on_partner_bs_jobs_reviews_products(client_a, b_draft, partner_b, user_b, make_review):
    job = GenerationJob.objects.create(partner=partner_b, requested_by=user_b, product_ids=[b_draft.product_id],
                                       marketplaces=["ozon"], total=1)
    review = make_review(partner=partner_b, marketplace="ozon", text="Хорошо")
    assert client_a.get(reverse("content:job", args=[job.pk])).status_code == 404
    assert client_a.post(reverse("content:review_reply", args=[review.pk])).status_code == 404
    assert client_a.post(reverse("content:product_images", args=[b_draft.product_id])).status_code == 404
    assert not ContentDraft.objects.filter(review=review).exists()
    bulk = client_a.post(reverse("content:bulk_approve"), {"ids": [b_draft.pk]})
    assert bulk.status_code == 302
    b_draft.refresh_from_db()
    assert b_draft.status == "draft"
    queue = client_a.get(reverse("content:queue")).content.decode()
    assert f"draft-{b_draft.pk}" not in queue


def test_pages_need_login(client):
    assert client.get(reverse("content:queue")).status_code == 302


def test_reviews_page_lists_the_marketplace_reviews_of_this_partner_only(client_a, partner_a, partner_b, phone,
                                                                          make_review, ai_level):
    ai_level(partner_a, "minimal")
    mine = make_review(partner=partner_a, marketplace="ozon", product=phone, rating=4, text="Хороший телефон",
                       author="Азиз")
    make_review(partner=partner_a, marketplace="ozon", text="Уже ответили", answer_status="sent",
                answer_text="Спасибо!")
    make_review(partner=partner_b, marketplace="ozon", text="Чужой отзыв")
    page = client_a.get(reverse("content:reviews")).content.decode()
    assert "Хороший телефон" in page and "Азиз" in page and "Уже ответили" in page and "Чужой отзыв" not in page
    assert page.count("Draft a reply") == 1  # a sent answer is not drafted again
    client_a.post(reverse("content:review_reply", args=[mine.pk]), HTTP_HX_REQUEST="true")
    mine.refresh_from_db()
    assert mine.answer_status == "suggested"  # the AI suggestion shows on the marketplace review itself
    assert 'data-answer="suggested"' in client_a.get(reverse("content:reviews")).content.decode()
