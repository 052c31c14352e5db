"""Content drafts and publications point at the marketplace review (sync.Review) instead of a copy.

Copies are matched to the pulled review by partner, marketplace and external id. A copy with no
pulled counterpart (typed in by hand) cannot be answered on a marketplace; its text, author and
rating are kept in the draft's `analysis["source_review"]` so nothing the partner saw is lost.
"""
import django.db.models.deletion
from django.db import migrations, models


def _source(review) -> dict:
    return {"marketplace": review.marketplace, "external_id": review.external_id, "author": review.author,
            "rating": review.rating, "text": review.text}


def forwards(apps, schema_editor):
    Copy = apps.get_model("content", "Review")
    Pulled = apps.get_model("sync", "Review")
    Draft = apps.get_model("content", "ContentDraft")
    Publication = apps.get_model("content", "ContentPublication")
    for copy in Copy.objects.all().iterator():
        pulled = None
        if copy.external_id:
            pulled = (Pulled.objects.filter(partner_id=copy.partner_id, account__marketplace=copy.marketplace,
                                            external_id=copy.external_id).order_by("account__is_sandbox", "id").first())
        Publication.objects.filter(review_id=copy.pk).update(sync_review=pulled)
        for draft in Draft.objects.filter(review_id=copy.pk):
            draft.sync_review = pulled
            if pulled is None:
                draft.analysis = {**(draft.analysis or {}), "source_review": _source(copy)}
            draft.save(update_fields=["sync_review", "analysis"])


class Migration(migrations.Migration):

    dependencies = [
        ("content", "0004_publication_intent"),
        ("sync", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="contentdraft", name="sync_review",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE,
                                    related_name="+", to="sync.review")),
        migrations.AddField(
            model_name="contentpublication", name="sync_review",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                    related_name="+", to="sync.review")),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.RemoveField(model_name="contentdraft", name="review"),
        migrations.RemoveField(model_name="contentpublication", name="review"),
        migrations.RenameField(model_name="contentdraft", old_name="sync_review", new_name="review"),
        migrations.RenameField(model_name="contentpublication", old_name="sync_review", new_name="review"),
        migrations.AlterField(
            model_name="contentdraft", name="review",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE,
                                    related_name="content_drafts", to="sync.review")),
        migrations.DeleteModel(name="Review"),
    ]
