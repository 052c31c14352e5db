"""Card images in S3-compatible storage: a real moto S3 server on 127.0.0.1 (no internet), the real
image path (offline provider composes, default storage saves), the URL the API and the page give,
and the environment switch itself (S3_* variables) driving a fresh process against the same server."""
from __future__ import annotations

import html
import json
import logging
import subprocess
import uuid

import boto3
import pytest
import requests
from django.urls import reverse
from moto.server import ThreadedMotoServer
from PIL import Image

from config.logging import redact
from content.rules import rules_for
from content.services.approvals import draft_approve
from content.tests.conftest import photo_save
from tests.conftest import BASE_DIR, PYTHON, clean_env, free_port

KEY_ID = "AKIDBOZORTEST"
SECRET = "s3-secret-never-logged-0123456789"
REGION = "us-east-1"


@pytest.fixture(scope="module")
def s3_server():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_server):
    """A fresh private bucket per test; returns (boto3 client, bucket name, endpoint)."""
    client = boto3.client("s3", endpoint_url=s3_server, region_name=REGION, aws_access_key_id=KEY_ID,
                          aws_secret_access_key=SECRET)
    name = f"bozor-media-{uuid.uuid4().hex[:8]}"
    client.create_bucket(Bucket=name)
    return client, name, s3_server


@pytest.fixture
def s3_media(settings, bucket):
    """Default storage on the moto bucket, with the options config/settings.py builds from S3_*."""
    _, name, endpoint = bucket
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": name, "endpoint_url": endpoint, "region_name": REGION, "access_key": KEY_ID,
        "secret_key": SECRET, "custom_domain": None, "querystring_auth": True, "querystring_expire": 604800,
        "signature_version": "s3v4", "addressing_style": None, "default_acl": None, "file_overwrite": False}}}
    return bucket


@pytest.fixture
def client_a(client, user_a):
    client.force_login(user_a)
    return client


def _objects(client, name: str) -> dict[str, int]:
    return {o["Key"]: o["Size"] for o in client.list_objects_v2(Bucket=name).get("Contents", [])}


def test_generated_images_land_in_the_bucket_with_signed_urls(s3_media, media_tmp, make_product, partner_a, ai_level,
                                                            connect_accounts, client_a, caplog):
    client, name, endpoint = s3_media
    ai_level(partner_a, "balanced")
    connect_accounts(partner_a, "wildberries")
    photo = photo_save()  # the product's own photo goes to the bucket too, and is read back from it
    product = make_product(partner=partner_a, title="Кружка керамическая красная, 350 мл", brand="AcmeHome",
                           category="Дом и кухня / Посуда", images=[photo])
    caplog.set_level(logging.DEBUG)
    response = client_a.post(reverse("content_api:product_images", args=[product.pk]),
                             {"marketplace": "wildberries"}, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    [key], [url] = body["payload"]["files"], body["payload"]["images"]
    assert key.startswith(f"content/{partner_a.pk}/{product.pk}/wildberries-") and key.endswith(".jpg")

    head = client.head_object(Bucket=name, Key=key)
    stored = client.get_object(Bucket=name, Key=key)["Body"].read()
    assert head["ContentType"] == "image/jpeg" and head["ContentLength"] == len(stored) > 10_000
    assert set(_objects(client, name)) == {photo, key}  # the photo was read back from the bucket, not from disk
    assert Image.open(client.get_object(Bucket=name, Key=key)["Body"]).size == rules_for("wildberries").image_size

    # A private object: the signed URL opens it, the bare address does not.
    assert url.startswith(f"{endpoint}/{name}/{key}?") and "X-Amz-Signature=" in url and "X-Amz-Expires=604800" in url
    assert requests.get(url, timeout=10).content == stored
    assert requests.get(f"{endpoint}/{name}/{key}", timeout=10).status_code == 403

    # The page path: the HTMX row for a second image, and the approval queue listing the first.
    row = client_a.post(reverse("content:product_images", args=[product.pk]), {"marketplace": "wildberries"},
                        HTTP_HX_REQUEST="true")
    [second] = [k for k in _objects(client, name) if k not in (photo, key)]
    assert row.status_code == 200
    assert f"{endpoint}/{name}/{second}?X-Amz-Algorithm=" in html.unescape(row.content.decode())
    queue = client_a.get(reverse("content:queue"))
    assert queue.status_code == 200 and html.escape(url) in queue.content.decode()

    # Approval puts the image in the product and, signed afresh from the file name (a URL saved with
    # the draft may have expired by then), in the marketplace payload (the outbox).
    publication = draft_approve(draft=product.content_drafts.get(pk=body["id"]), actor=None)
    product.refresh_from_db()
    sent = publication.intent.payload["images"][0]
    assert product.images[0] == url and sent.startswith(f"{endpoint}/{name}/{key}?") and "X-Amz-Signature=" in sent
    assert requests.get(sent, timeout=10).content == stored

    assert not media_tmp.exists() or not any(media_tmp.rglob("*"))  # nothing written to local MEDIA_ROOT
    assert SECRET not in caplog.text


def test_env_switch_stores_through_s3_in_a_fresh_process(bucket, tmp_path):
    """config/settings.py itself: S3_* variables only, pointed at the moto server."""
    client, name, endpoint = bucket
    script = ("import django, json, logging, os; django.setup()\n"
              "from django.core.files.base import ContentFile\n"
              "from django.core.files.storage import default_storage as d\n"
              "secret = os.environ['S3_SECRET_ACCESS_KEY']\n"
              "logging.getLogger('bozor').info('storage ready: S3_SECRET_ACCESS_KEY=%s', secret)\n"
              "n = d.save('content/env/x.png', ContentFile(b'\\x89PNG' + b'0' * 100))\n"
              "print(json.dumps({'name': n, 'url': d.url(n)}))\n")
    env = clean_env(tmp_path / "var", S3_BUCKET=name, S3_ENDPOINT_URL=endpoint, S3_REGION=REGION,
                    S3_ACCESS_KEY_ID=KEY_ID, S3_SECRET_ACCESS_KEY=SECRET, LOG_LEVEL="DEBUG")
    done = subprocess.run([PYTHON, "-c", script], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    head = client.head_object(Bucket=name, Key=out["name"])
    assert head["ContentType"] == "image/png" and head["ContentLength"] == 104
    assert out["url"].startswith(f"{endpoint}/{name}/content/env/x.png?") and "X-Amz-Signature=" in out["url"]
    assert requests.get(out["url"], timeout=10).status_code == 200
    assert not (tmp_path / "var" / "media").exists()
    # The secret is redacted from the log line that names it, and never written otherwise.
    assert "S3_SECRET_ACCESS_KEY=***" in done.stderr and SECRET not in done.stdout + done.stderr


def test_log_redaction_covers_s3_secret_names():
    assert redact(f"S3_SECRET_ACCESS_KEY={SECRET}") == "S3_SECRET_ACCESS_KEY=***"
    assert SECRET not in redact(f"{{'secret_key': '{SECRET}', 'aws_secret_access_key': '{SECRET}'}}")
