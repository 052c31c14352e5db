"""Offline AI provider bench: product cards per second, validated, for all four marketplaces.

Generates `--products` demo product variants (content.demo), then for each marketplace builds
cards with the offline provider, makes titles unique and runs the marketplace validator on every
card (the same path as content.services.cards.cards_preview), and counts repeated titles within
each marketplace (exit 1 if any card is invalid or any title repeats). No database, no network.

    python bench/ai_bench.py [--products 1000] [--language ru]

Last line: `ai_bench: cards_per_s=<x>`.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=1000)
    parser.add_argument("--language", choices=["ru", "uz", "en"], default="ru")
    args = parser.parse_args()

    import django

    django.setup()
    from content.demo import demo_variants
    from content.providers.offline import OfflineProvider
    from content.rules import MARKETPLACES
    from content.services.cards import cards_preview

    products = demo_variants(args.products)
    provider = OfflineProvider()
    total, invalid, duplicates = 0, 0, 0
    started = time.perf_counter()
    for marketplace in MARKETPLACES:
        results = cards_preview(products=products, marketplace=marketplace, language=args.language, provider=provider)
        invalid += sum(1 for _, problems in results if problems)
        duplicates += len(results) - len({card.title.lower() for card, _ in results})  # per marketplace
        total += len(results)
    elapsed = time.perf_counter() - started
    print(f"cards={total} invalid={invalid} duplicate_titles={duplicates} seconds={elapsed:.2f} "
          f"language={args.language}")
    print(f"ai_bench: cards_per_s={total / elapsed:.0f}")
    return 1 if invalid or duplicates else 0


if __name__ == "__main__":
    sys.exit(main())
