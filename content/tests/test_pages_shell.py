"""The AI content pages from a partner's point of view: reachable from the main navigation, say
what to do when empty, and show bulk generation progress through HTMX polling."""
from __future__ import annotations

import re

import pytest
from django.urls import reverse

from content.models import GenerationJob

PAGES = ["content:queue", "content:reviews", "content:spend", "content:settings"]


@pytest.fixture
def client_a(client, user_a):
    client.force_login(user_a)
    return client


def nav_of(html: str) -> str:
    return re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)


def test_ai_content_is_in_the_partner_navigation(client_a):
    nav = nav_of(client_a.get(reverse("dashboard")).content.decode())
    assert 'href="/content/"' in nav and "AI content" in nav
    for name in PAGES:
        page = client_a.get(reverse(name))
        assert page.status_code == 200
        link = re.search(r'<a href="/content/"[^>]*>', nav_of(page.content.decode())).group(0)
        assert 'aria-current="page"' in link  # the partner sees where they are


def test_empty_states_say_what_to_do(client_a):
    queue = client_a.get(reverse("content:queue")).content.decode()
    assert "You have no products yet" in queue and 'href="/products/"' in queue
    assert "Nothing here. Generate cards or reply to reviews" in queue
    assert "No reviews yet" in client_a.get(reverse("content:reviews")).content.decode()
    spend = client_a.get(reverse("content:spend")).content.decode()
    assert "No AI calls this month." in spend and "No AI calls yet." in spend


def test_bulk_generation_progress_polls_until_finished(client_a, partner_a, partner_b, user_a):
    job = GenerationJob.objects.create(partner=partner_a, requested_by=user_a, product_ids=[1, 2],
                                       marketplaces=["ozon", "uzum"], total=4, done=1, failed=1,
                                       status=GenerationJob.Status.RUNNING)
    url = reverse("content:job", args=[job.pk])
    running = client_a.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in running and 'hx-trigger="every 1s"' in running and f'hx-get="{url}"' in running
    assert '<progress max="100" value="50">' in running and "1 of 4 done, 1 waiting or failed" in running
    full = client_a.get(url).content.decode()  # without HTMX: the whole page, still polling
    assert "<html" in full and 'hx-trigger="every 1s"' in full
    GenerationJob.objects.filter(pk=job.pk).update(done=3, status=GenerationJob.Status.DONE)
    done = client_a.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "every 1s" not in done and '<progress max="100" value="100">' in done and "Review the results" in done
    other = GenerationJob.objects.create(partner=partner_b, product_ids=[], marketplaces=["ozon"], total=0)
    assert client_a.get(reverse("content:job", args=[other.pk]), HTTP_HX_REQUEST="true").status_code == 404
