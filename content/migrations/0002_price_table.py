"""Starting price table (USD; staff edit it in admin when providers change prices)."""
from decimal import Decimal

from django.db import migrations

PRICES = [
    # model, input per 1K tokens, output per 1K tokens, per image
    ("offline", "0", "0", "0"),
    ("offline-compositor", "0", "0", "0"),
    ("gpt-4o-mini", "0.00015", "0.0006", "0"),
    ("gpt-4o", "0.0025", "0.01", "0"),
    ("gpt-image-1", "0", "0", "0.04"),
]


def seed(apps, schema_editor):
    ModelPrice = apps.get_model("content", "ModelPrice")
    for model, tokens_in, tokens_out, image in PRICES:
        ModelPrice.objects.get_or_create(model=model, defaults={
            "input_per_1k": Decimal(tokens_in), "output_per_1k": Decimal(tokens_out), "per_image": Decimal(image)})


class Migration(migrations.Migration):
    dependencies = [("content", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
