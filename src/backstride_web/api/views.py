"""The page where a person makes and revokes their API tokens (``/api/tokens/``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from backstride_web.accounts.access import current_user
from backstride_web.api import tokens
from backstride_web.api.forms import TokenForm
from backstride_web.api.models import ApiToken

MAX_ACTIVE_TOKENS = 20


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    now = timezone.now()
    rows = ApiToken.objects.filter(user=user)
    form = TokenForm(request.POST if request.method == "POST" else None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        active = [r for r in rows if r.is_usable(now)]
        if len(active) >= MAX_ACTIVE_TOKENS:
            form.add_error(None, f"You have {len(active)} active tokens; revoke one first.")
        else:
            made = tokens.create_token(
                user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                now=now,
                valid_days=form.cleaned_data["valid_for"],
            )
            new_token = made.token
            form = TokenForm()
    response = render(
        request,
        "api/tokens.html",
        {"form": form, "rows": rows, "now": now, "new_token": new_token},
    )
    if new_token is not None:
        response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    row = ApiToken.objects.filter(pk=token_id, user=current_user(request)).first()
    if row is None:
        raise Http404("No such token")
    tokens.revoke_token(row, now=timezone.now())
    messages.success(request, f"Token “{row.name}” revoked: it no longer works.")
    return redirect("api:tokens")
