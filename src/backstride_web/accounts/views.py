from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from backstride_web.accounts import services
from backstride_web.accounts.access import current_user, may_comment, visible_runner_or_404
from backstride_web.accounts.forms import (
    AcceptInvitationForm,
    ClinicianNoteForm,
    DeleteAccountForm,
    InviteForm,
    ProfileForm,
    SignupForm,
)
from backstride_web.accounts.models import (
    AccessLog,
    CareGrant,
    ClinicianNote,
    Invitation,
    RunnerProfile,
    User,
)
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


def _runner_page(
    request: HttpRequest, viewer: User, runner: User, note_form: ClinicianNoteForm | None
) -> HttpResponse:
    profile, _ = RunnerProfile.objects.get_or_create(user=runner)
    return render(
        request,
        "accounts/runner_profile.html",
        {
            "runner": runner,
            "profile": profile,
            "own": viewer.pk == runner.pk,
            "notes": ClinicianNote.objects.filter(runner=runner).select_related("author"),
            "note_form": note_form,
        },
        status=400 if note_form is not None and note_form.errors else 200,
    )


@login_required
def runner_profile(request: HttpRequest, runner_id: int) -> HttpResponse:
    """A runner's profile and their clinicians' notes (with a note form for a clinician
    whose access includes comments)."""
    viewer = current_user(request)
    runner = visible_runner_or_404(viewer, runner_id)
    form = ClinicianNoteForm() if may_comment(viewer, runner) else None
    return _runner_page(request, viewer, runner, form)


@login_required
@require_http_methods(["POST"])
def add_note(request: HttpRequest, runner_id: int) -> HttpResponse:
    viewer = current_user(request)
    runner = visible_runner_or_404(viewer, runner_id)
    if not may_comment(viewer, runner):
        raise Http404("Your access to this runner does not include notes")
    form = ClinicianNoteForm(request.POST)
    if not form.is_valid():
        return _runner_page(request, viewer, runner, form)
    try:
        services.add_clinician_note(viewer, runner, form.cleaned_data["text"], now=timezone.now())
    except services.NoteError as error:
        form.add_error("text", str(error).removeprefix("text: "))
        return _runner_page(request, viewer, runner, form)
    messages.success(request, "Note added; the runner sees it marked as yours.")
    return redirect("accounts:runner_profile", runner_id=runner.pk)


@login_required
@require_http_methods(["POST"])
def export_data(request: HttpRequest) -> HttpResponse:
    job = jobs_services.submit(current_user(request), "export_account")
    messages.info(request, "Your export is being prepared.")
    return redirect("jobs:detail", job_id=job.pk)


def _sharing_page(
    request: HttpRequest, runner: User, form: InviteForm, status: int = 200
) -> HttpResponse:
    now = timezone.now()
    invitations = Invitation.objects.filter(runner=runner).order_by("-created_at")[:20]
    return render(
        request,
        "accounts/sharing.html",
        {
            "form": form,
            "grants": CareGrant.objects.filter(
                runner=runner, revoked_at__isnull=True
            ).select_related("clinician"),
            "invitations": [i for i in invitations if i.is_open(now)],
            "log": AccessLog.objects.filter(runner=runner).select_related("clinician")[:100],
        },
        status=status,
    )


def _own_runner(request: HttpRequest) -> User:
    runner = current_user(request)
    if not runner.is_runner:
        raise Http404("Only runners share their data")
    return runner


@login_required
def sharing(request: HttpRequest) -> HttpResponse:
    """A runner's grants, open invitations and the log of what clinicians looked at."""
    return _sharing_page(request, _own_runner(request), InviteForm())


@login_required
@require_http_methods(["POST"])
def invite(request: HttpRequest) -> HttpResponse:
    runner = _own_runner(request)
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _sharing_page(request, runner, form, status=400)
    invitation = services.invite_clinician(
        runner,
        email=form.cleaned_data["email"],
        scope=form.cleaned_data["scope"],
        now=timezone.now(),
    )
    if invitation.email:
        messages.success(request, f"Invitation sent to {invitation.email}.")
    else:
        messages.success(request, f"Give your clinician this code: {invitation.code}")
    return redirect("accounts:sharing")


@login_required
@require_http_methods(["POST"])
def revoke(request: HttpRequest, grant_id: int) -> HttpResponse:
    try:
        grant = services.revoke_grant(current_user(request), grant_id, now=timezone.now())
    except CareGrant.DoesNotExist:
        raise Http404("No such grant") from None
    messages.success(request, f"{grant.clinician} can no longer see your data.")
    return redirect("accounts:sharing")


@login_required
@require_http_methods(["POST"])
def cancel_invitation(request: HttpRequest, invitation_id: int) -> HttpResponse:
    try:
        services.cancel_invitation(current_user(request), invitation_id, now=timezone.now())
    except Invitation.DoesNotExist:
        raise Http404("No such invitation") from None
    messages.success(request, "Invitation cancelled.")
    return redirect("accounts:sharing")


@login_required
@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest) -> HttpResponse:
    clinician = current_user(request)
    if not clinician.is_clinician:
        raise Http404("Only clinicians accept invitations")
    if request.method == "POST":
        form = AcceptInvitationForm(request.POST)
        if form.is_valid():
            try:
                grant = services.accept_invitation(
                    clinician, form.cleaned_data["code"], now=timezone.now()
                )
            except services.InvitationError as error:
                form.add_error("code", str(error))
            else:
                messages.success(request, f"You can now see the data of {grant.runner}.")
                return redirect("pages:home")
    else:
        form = AcceptInvitationForm(initial={"code": request.GET.get("code", "")})
    return render(request, "accounts/accept_invitation.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    if request.method == "POST":
        form = DeleteAccountForm(request.POST, user=user)
        if form.is_valid():
            logout(request)
            services.delete_account(user)
            messages.success(request, "Your account and all its data are deleted.")
            return redirect("accounts:login")
    else:
        form = DeleteAccountForm(user=user)
    return render(request, "accounts/delete.html", {"form": form})
