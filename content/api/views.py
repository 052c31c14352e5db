"""Content API: the same actions as the pages. Partner-scoped through content.selectors and
partners.selectors (another partner's ids are 404); errors use the project's stable body."""
from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers as drf, status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from content import selectors
from content.api import serializers as s
from content.services.approvals import draft_approve, draft_edit, draft_reject, drafts_approve_bulk
from content.services.costs import ai_settings_for, budget_state
from content.services.images import images_generate
from content.services.jobs import generation_start
from content.services.replies import review_reply_generate
from content.services.waiting import waiting_resume_enqueue
from partners.selectors import product_get
from partners.services.audit import audit_record


def _valid(serializer_class, data):
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class SettingsView(APIView):
    @extend_schema(responses=s.AISettingsSerializer)
    def get(self, request):
        return Response(s.AISettingsSerializer(ai_settings_for(partner=request.user.partner)).data)

    @extend_schema(request=s.AISettingsSerializer, responses=s.AISettingsSerializer)
    def patch(self, request):
        ai = ai_settings_for(partner=request.user.partner)
        serializer = s.AISettingsSerializer(ai, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        audit_record(action="content.settings_updated", actor=request.user, partner=ai.partner, target=ai,
                     data={k: str(v) for k, v in serializer.validated_data.items()})
        waiting_resume_enqueue(partner=ai.partner)  # a raised budget lets waiting work continue
        return Response(serializer.data)


class GenerateView(APIView):
    @extend_schema(request=s.GenerateSerializer, responses={202: s.JobSerializer})
    def post(self, request):
        data = _valid(s.GenerateSerializer, request.data)
        job = generation_start(partner=request.user.partner, actor=request.user, **data)
        job.refresh_from_db()
        return Response(s.JobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class JobView(APIView):
    @extend_schema(responses=s.JobSerializer)
    def get(self, request, pk: int):
        return Response(s.JobSerializer(selectors.job_get(partner=request.user.partner, pk=pk)).data)


class DraftListView(ListAPIView):
    serializer_class = s.DraftSerializer

    def get_queryset(self):
        return selectors.draft_list(partner=self.request.user.partner, status=self.request.query_params.get("status", ""),
                                    kind=self.request.query_params.get("kind", "")).select_related("publication__intent")


def _draft_body(draft) -> dict:
    body = s.DraftSerializer(draft).data
    body["diff"] = [{"field": r["field"], "current": r["current"], "proposed": r["proposed"]}
                    for r in selectors.draft_diff(draft=draft)]
    return body


class DraftView(APIView):
    @extend_schema(responses=s.DraftDetailSerializer)
    def get(self, request, pk: int):
        return Response(_draft_body(selectors.draft_get(partner=request.user.partner, pk=pk)))

    @extend_schema(request=s.DraftEditSerializer, responses=s.DraftDetailSerializer)
    def patch(self, request, pk: int):
        draft = selectors.draft_get(partner=request.user.partner, pk=pk)
        draft = draft_edit(draft=draft, data=_valid(s.DraftEditSerializer, request.data), actor=request.user)
        return Response(_draft_body(draft))


class DraftApproveView(APIView):
    @extend_schema(request=None, responses=s.DraftDetailSerializer)
    def post(self, request, pk: int):
        draft = selectors.draft_get(partner=request.user.partner, pk=pk)
        draft_approve(draft=draft, actor=request.user)  # ValidationError -> 400 with what to fix
        draft.refresh_from_db()
        return Response(_draft_body(draft))


class DraftRejectView(APIView):
    @extend_schema(request=inline_serializer("RejectRequest", {"reason": drf.CharField(required=False)}),
                   responses=s.DraftDetailSerializer)
    def post(self, request, pk: int):
        draft = selectors.draft_get(partner=request.user.partner, pk=pk)
        draft = draft_reject(draft=draft, actor=request.user, reason=str(request.data.get("reason", ""))[:500])
        return Response(_draft_body(draft))


class BulkApproveView(APIView):
    @extend_schema(request=s.BulkApproveSerializer, responses=inline_serializer("BulkApproveResult", {
        "approved": drf.ListField(child=drf.IntegerField()), "errors": drf.DictField(child=drf.ListField())}))
    def post(self, request):
        ids = _valid(s.BulkApproveSerializer, request.data)["ids"]
        result = drafts_approve_bulk(partner=request.user.partner, draft_ids=ids, actor=request.user)
        return Response({"approved": result.approved, "errors": {str(k): v for k, v in result.errors.items()}})


class ReviewReplyView(APIView):
    @extend_schema(request=None, responses={201: s.DraftDetailSerializer})
    def post(self, request, pk: int):
        review = selectors.review_get(partner=request.user.partner, pk=pk)
        draft = review_reply_generate(review=review, actor=request.user)
        return Response(_draft_body(draft), status=status.HTTP_201_CREATED)


class ProductImagesView(APIView):
    @extend_schema(request=s.ImagesSerializer, responses={201: s.DraftDetailSerializer})
    def post(self, request, pk: int):
        product = product_get(partner=request.user.partner, pk=pk)
        data = _valid(s.ImagesSerializer, request.data)
        draft = images_generate(product=product, marketplace=data["marketplace"], badges=data["badges"],
                                actor=request.user)
        return Response(_draft_body(draft), status=status.HTTP_201_CREATED)


class SpendView(APIView):
    @extend_schema(responses=s.SpendSerializer)
    def get(self, request):
        partner = request.user.partner
        state = budget_state(partner=partner)
        summary = selectors.spend_summary(partner=partner)
        return Response({
            "month": state.month, "budget": str(state.budget), "spent": str(state.spent), "percent": state.pct,
            "alert": state.alert, "exhausted": state.exhausted, "message": state.message,
            "by_purpose": [{"purpose": r["purpose"], "calls": r["n"], "cost": str(r["cost"]),
                            "cost_per_operation": str(round(r["per_operation"], 6)),
                            "input_tokens": r["tokens_in"], "output_tokens": r["tokens_out"]}
                           for r in summary["by_purpose"]]})


