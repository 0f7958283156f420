from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from backstride_web.accounts import services
from backstride_web.accounts.access import current_user, visible_runner_or_404
from backstride_web.accounts.forms import ProfileForm, SignupForm
from backstride_web.accounts.models import RunnerProfile, User
from backstride_web.jobs import services as jobs_services


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("pages:home")
    form = SignupForm(request.POST) if request.method == "POST" else SignupForm()
    if request.method == "POST" and form.is_valid():
        user = services.create_account(
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
            role=form.cleaned_data["role"],
            display_name=form.cleaned_data["display_name"],
        )
        login(request, user, backend="backstride_web.accounts.backends.EmailBackend")
        if user.is_runner:
            messages.success(request, "Welcome. First, a short safety screen.")
            then = urlencode({"next": reverse("accounts:profile")})
            return redirect(f"{reverse('assessments:screen')}?{then}")
        return redirect("pages:home")
    return render(request, "accounts/signup.html", {"form": form})


def _own_profile(user: User) -> RunnerProfile:
    if not user.is_runner:
        raise Http404("Only runners have a runner profile")
    profile, _ = RunnerProfile.objects.get_or_create(user=user)
    return profile


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest) -> HttpResponse:
    profile = _own_profile(current_user(request))
    form = (
        ProfileForm(request.POST, instance=profile)
        if request.method == "POST"
        else ProfileForm(instance=profile)
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Profile saved.")
        return redirect("accounts:profile")
    return render(request, "accounts/profile_edit.html", {"form": form, "profile": profile})


@login_required
def runner_profile(request: HttpRequest, runner_id: int) -> HttpResponse:
    runner = visible_runner_or_404(current_user(request), runner_id)
    profile, _ = RunnerProfile.objects.get_or_create(user=runner)
    return render(request, "accounts/runner_profile.html", {"runner": runner, "profile": profile})


@login_required
@require_http_methods(["POST"])
def export_data(request: HttpRequest) -> HttpResponse:
    job = jobs_services.submit(current_user(request), "export_account")
    messages.info(request, "Your export is being prepared.")
    return redirect("jobs:detail", job_id=job.pk)
