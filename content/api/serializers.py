from __future__ import annotations

from rest_framework import serializers

from content.models import AISettings, ContentDraft, ContentPublication, GenerationJob
from content.rules import MARKETPLACES


class AISettingsSerializer(serializers.ModelSerializer):
    class Meta:
        model = AISettings
        fields = ["automation_level", "monthly_budget", "alert_threshold_pct", "refunds_allowed", "language"]


# Marketplace and status fields are plain strings in the schema (checked in validate_*): the
# project's other apps publish enums with the same field names, and drf-spectacular warns on the
# name collision, which `check --deploy --fail-level WARNING` treats as a failure.
def _marketplace(value: str) -> str:
    if value not in MARKETPLACES:
        raise serializers.ValidationError(f"Unknown marketplace {value!r}; use one of: {', '.join(MARKETPLACES)}.")
    return value


class GenerateSerializer(serializers.Serializer):
    product_ids = serializers.ListField(child=serializers.IntegerField(min_value=1), min_length=1, max_length=1000)
    marketplaces = serializers.ListField(child=serializers.CharField(max_length=20), min_length=1, max_length=4)
    with_images = serializers.BooleanField(default=False)

    def validate_marketplaces(self, value: list[str]) -> list[str]:
        return [_marketplace(v) for v in value]


class JobSerializer(serializers.ModelSerializer):
    percent = serializers.IntegerField(read_only=True)
    status = serializers.CharField(read_only=True)

    class Meta:
        model = GenerationJob
        fields = ["id", "status", "total", "done", "failed", "percent", "message", "marketplaces", "created_at",
                  "finished_at"]


class PublicationSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True)
    marketplace = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)
    class Meta:
        model = ContentPublication
        fields = ["id", "kind", "marketplace", "status", "message", "intent", "created_at"]


class DraftSerializer(serializers.ModelSerializer):
    publication = PublicationSerializer(read_only=True, allow_null=True, default=None)
    kind = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)
    marketplace = serializers.CharField(read_only=True)
    language = serializers.CharField(read_only=True)

    class Meta:
        model = ContentDraft
        fields = ["id", "kind", "status", "marketplace", "language", "product", "review", "payload", "analysis",
                  "problems", "message", "attempts", "cost", "created_at", "approved_at", "publication"]


class DraftEditSerializer(serializers.Serializer):
    title = serializers.CharField(required=False, max_length=300)
    description = serializers.CharField(required=False, max_length=10000)
    keywords = serializers.ListField(child=serializers.CharField(max_length=100), required=False, max_length=50)
    text = serializers.CharField(required=False, max_length=5000)


class BulkApproveSerializer(serializers.Serializer):
    ids = serializers.ListField(child=serializers.IntegerField(min_value=1), min_length=1, max_length=500)


class ImagesSerializer(serializers.Serializer):
    marketplace = serializers.CharField(max_length=20, validators=[_marketplace])
    badges = serializers.ListField(child=serializers.CharField(max_length=40), required=False, max_length=3,
                                   default=list)


class DiffRowSerializer(serializers.Serializer):
    field = serializers.CharField()
    current = serializers.CharField()
    proposed = serializers.CharField()


class DraftDetailSerializer(DraftSerializer):
    diff = DiffRowSerializer(many=True, read_only=True)

    class Meta(DraftSerializer.Meta):
        fields = [*DraftSerializer.Meta.fields, "diff"]


class SpendRowSerializer(serializers.Serializer):
    purpose = serializers.CharField()
    calls = serializers.IntegerField()
    cost = serializers.DecimalField(max_digits=12, decimal_places=6)
    cost_per_operation = serializers.DecimalField(max_digits=12, decimal_places=6)
    input_tokens = serializers.IntegerField()
    output_tokens = serializers.IntegerField()


class SpendSerializer(serializers.Serializer):
    month = serializers.DateField()
    budget = serializers.DecimalField(max_digits=10, decimal_places=2)
    spent = serializers.DecimalField(max_digits=12, decimal_places=6)
    percent = serializers.IntegerField()
    alert = serializers.BooleanField()
    exhausted = serializers.BooleanField()
    message = serializers.CharField()
    by_purpose = SpendRowSerializer(many=True)
