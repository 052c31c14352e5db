"""Bulk generation with progress: a GenerationJob row the page polls, run by a django-q2 task."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from content.models import ContentDraft, GenerationJob
from content.providers import provider_get
from content.rules import MARKETPLACES
from content.services.cards import card_generate
from content.services.costs import budget_state
from content.services.images import images_generate
from partners.models import Partner, Product
from partners.services.audit import audit_record

MAX_PRODUCTS = 1000


def generation_start(*, partner: Partner, product_ids: Sequence[int], marketplaces: Sequence[str], actor: Any,
                     with_images: bool = False) -> GenerationJob:
    ids = list(dict.fromkeys(int(i) for i in product_ids))
    markets = [m for m in dict.fromkeys(marketplaces)]
    if not ids:
        raise ValidationError({"product_ids": [_("Choose at least one product.")]})
    if len(ids) > MAX_PRODUCTS:
        raise ValidationError({"product_ids": [_("At most %(n)d products per request.") % {"n": MAX_PRODUCTS}]})
    unknown = [m for m in markets if m not in MARKETPLACES]
    if not markets or unknown:
        raise ValidationError({"marketplaces": [_("Choose marketplaces from: %(m)s.") % {"m": ", ".join(MARKETPLACES)}]})
    found = set(Product.objects.filter(partner=partner, pk__in=ids).values_list("pk", flat=True))
    if len(found) != len(ids):
        # Another partner's ids look exactly like missing ones: no hint that they exist.
        raise ValidationError({"product_ids": [_("Some products were not found: %(ids)s.")
                                               % {"ids": ", ".join(str(i) for i in ids if i not in found)}]})
    with transaction.atomic():
        job = GenerationJob.objects.create(partner=partner, requested_by=actor, product_ids=ids, marketplaces=markets,
                                           with_images=with_images, total=len(ids) * len(markets))
        audit_record(action="content.generation_started", actor=actor, partner=partner, target=job,
                     data={"products": len(ids), "marketplaces": markets})
        transaction.on_commit(lambda: generation_enqueue(job_id=job.pk))
    return job


def generation_enqueue(*, job_id: int) -> None:
    from django_q.tasks import async_task

    async_task("content.tasks.generation_run_task", job_id, task_name=f"content-generation-{job_id}")


def generation_run(*, job_id: int) -> GenerationJob:
    """Idempotent on redelivery: pairs that already have a draft from this job's run are skipped."""
    job = GenerationJob.objects.select_related("partner", "requested_by").get(pk=job_id)
    if job.status in (GenerationJob.Status.DONE,):
        return job
    GenerationJob.objects.filter(pk=job.pk).update(status=GenerationJob.Status.RUNNING)
    provider = provider_get()
    products = {p.pk: p for p in Product.objects.filter(partner=job.partner, pk__in=job.product_ids)}
    done_pairs = set(ContentDraft.objects.filter(partner=job.partner, kind=ContentDraft.Kind.CARD,
                                                 created_at__gte=job.created_at, product_id__in=job.product_ids)
                     .values_list("product_id", "marketplace"))
    for marketplace in job.marketplaces:
        for product_id in job.product_ids:
            product = products.get(product_id)
            if product is None or (product_id, marketplace) in done_pairs:
                continue
            draft = card_generate(product=product, marketplace=marketplace, actor=job.requested_by, provider=provider)
            if job.with_images and draft.status != ContentDraft.Status.WAITING_BUDGET:
                images_generate(product=product, marketplace=marketplace, actor=job.requested_by, provider=provider)
            ok = draft.status not in (ContentDraft.Status.FAILED, ContentDraft.Status.WAITING_BUDGET)
            GenerationJob.objects.filter(pk=job.pk).update(**({"done": F("done") + 1} if ok else
                                                               {"failed": F("failed") + 1}))
    state = budget_state(partner=job.partner)
    waiting = ContentDraft.objects.filter(partner=job.partner, status=ContentDraft.Status.WAITING_BUDGET,
                                          created_at__gte=job.created_at).exists()
    GenerationJob.objects.filter(pk=job.pk).update(
        status=GenerationJob.Status.WAITING_BUDGET if waiting else GenerationJob.Status.DONE,
        message=state.message if waiting else "", finished_at=timezone.now())
    job.refresh_from_db()
    return job
