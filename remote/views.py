"""Partner pages: the remote sessions on the partner's account and what was done in each, plus
no-JavaScript forms to approve, deny or end. Everything is scoped to request.user.partner."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from remote.errors import RemoteError
from remote.forms import ApproveForm
from remote.selectors import event_list_for_partner, session_get_for_partner, session_list_for_partner
from remote.services import session_approve, session_deny, session_end


def _partner(request: HttpRequest):
    if request.user.partner_id is None:
        raise Http404
    return request.user.partner


@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    sessions = session_list_for_partner(partner=_partner(request))[:200]
    return render(request, "remote/session_list.html", {"sessions": sessions})


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_get_for_partner(partner=_partner(request), pk=pk)
    return render(request, "remote/session_detail.html", {
        "session": session, "events": event_list_for_partner(session=session), "approve_form": ApproveForm(),
        "is_owner": request.user.role == "owner"})


def _answer(request: HttpRequest, pk: int, service, **kwargs) -> HttpResponse:
    session = session_get_for_partner(partner=_partner(request), pk=pk)
    try:
        service(session=session, user=request.user, **kwargs)
    except RemoteError as exc:
        messages.error(request, str(exc.message))
    return redirect("remote:session_detail", pk=session.pk)


@login_required
@require_POST
def session_approve_view(request: HttpRequest, pk: int) -> HttpResponse:
    form = ApproveForm(request.POST)
    level = form.cleaned_data["level"] or None if form.is_valid() else None
    return _answer(request, pk, session_approve, level=level)


@login_required
@require_POST
def session_deny_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _answer(request, pk, session_deny)


@login_required
@require_POST
def session_end_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _answer(request, pk, session_end)
