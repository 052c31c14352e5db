from __future__ import annotations

from decimal import Decimal

from django.core import mail

from content.models import BudgetAlert, ContentDraft, ContentPublication, ModelPrice
from content.services.cards import card_generate
from content.services.costs import budget_state
from healing.models import Notification
from marketplaces.sync.models import Intent


def test_alert_once_at_threshold_then_hard_stop_at_limit(phone, make_product, partner_a, user_a, ai_level,
                                                          django_capture_on_commit_callbacks, connect_accounts):
    # Staff priced the offline model so each card costs a known amount (input+output tokens).
    ModelPrice.objects.filter(model="offline").update(input_per_1k=Decimal("1"), output_per_1k=Decimal("1"))
    ai_level(partner_a, "maximum", monthly_budget=Decimal("1.00"), alert_threshold_pct=50)
    connect_accounts(partner_a, "wildberries")
    products = [phone] + [make_product(partner=partner_a, sku=f"EL-{n:04d}", title=f"Смартфон Samsung Galaxy A{n}",
                                       brand="Samsung", category="Электроника / Смартфоны", weight_g=200)
                          for n in range(2, 12)]
    statuses = []
    with django_capture_on_commit_callbacks(execute=True):
        for product in products:
            statuses.append(card_generate(product=product, marketplace="wildberries", actor=user_a).status)
    state = budget_state(partner=partner_a)
    assert state.exhausted and state.spent >= Decimal("1.00")
    assert BudgetAlert.objects.filter(partner=partner_a, kind="threshold").count() == 1
    assert BudgetAlert.objects.filter(partner=partner_a, kind="limit").count() == 1
    titles = list(Notification.objects.filter(user=user_a).values_list("title", flat=True))
    assert len(titles) == 2 and any("50%" in t or "%" in t for t in titles) and "AI budget used up" in titles
    assert len(mail.outbox) == 2 and mail.outbox[0].to == ["owner@alpha.test"]
    # Before the limit: Maximum auto-approves and records publication intents.
    assert statuses[0] == ContentDraft.Status.APPROVED
    published = ContentPublication.objects.filter(partner=partner_a).count()
    assert published == statuses.count(ContentDraft.Status.APPROVED) and published < len(products)
    approved_skus = set(ContentDraft.objects.filter(status="approved").values_list("product__sku", flat=True))
    assert set(Intent.objects.filter(kind="card").values_list("key", flat=True)) == approved_skus  # only those
    # The call that crossed the limit is kept as a draft, not published; later work waits.
    crossing = statuses.index(ContentDraft.Status.DRAFT)
    assert all(s == ContentDraft.Status.WAITING_BUDGET for s in statuses[crossing + 1:])
    waiting = ContentDraft.objects.filter(status=ContentDraft.Status.WAITING_BUDGET).first()
    assert "budget is used up" in waiting.message and "raise the budget" in waiting.message
    assert waiting.calls.count() == 0  # no AI call was made (nor paid) for waiting work


def test_raising_the_budget_lets_work_continue(phone, partner_a, ai_level):
    ModelPrice.objects.filter(model="offline").update(output_per_1k=Decimal("100"))
    ai_level(partner_a, "balanced", monthly_budget=Decimal("0.01"))
    first = card_generate(product=phone, marketplace="ozon")
    assert first.status == ContentDraft.Status.DRAFT  # the call that used the budget keeps its output
    assert card_generate(product=phone, marketplace="uzum").status == ContentDraft.Status.WAITING_BUDGET
    ai_level(partner_a, "balanced", monthly_budget=Decimal("500"))
    assert card_generate(product=phone, marketplace="uzum").status == ContentDraft.Status.DRAFT


def test_waiting_work_resumes_when_the_budget_is_raised(phone, partner_a, user_a, ai_level, client,
                                                         django_capture_on_commit_callbacks):
    ModelPrice.objects.filter(model="offline").update(output_per_1k=Decimal("100"))
    ai_level(partner_a, "balanced", monthly_budget=Decimal("0.01"))
    card_generate(product=phone, marketplace="ozon")
    waiting = card_generate(product=phone, marketplace="wildberries")
    assert waiting.status == ContentDraft.Status.WAITING_BUDGET
    client.force_login(user_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/content/settings/", {"automation_level": "balanced", "monthly_budget": "100",
                                           "alert_threshold_pct": "80", "language": "ru"})
    assert not ContentDraft.objects.filter(pk=waiting.pk).exists()
    resumed = ContentDraft.objects.get(partner=partner_a, marketplace="wildberries")
    assert resumed.status == ContentDraft.Status.DRAFT and resumed.payload["title"]
