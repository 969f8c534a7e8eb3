"""Pages of dialogues and conferences (LD9, QD2, QD6, GR7): thin; every page checks who may see
or act, scoped to the commune, village or agency. The public page of a dialogue takes residents'
questions without login, throttled per address (the address is counted in the cache for an
hour, never stored with the question)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danchu.accounts import access
from danchu.accounts.access import Cap
from danchu.accounts.models import Role, RoleAssignment
from danchu.audit.services import client_ip
from danchu.core import clock
from danchu.dialogues import forms as f
from danchu.dialogues import permissions, selectors, services
from danchu.dialogues.models import (
    Commitment,
    Dialogue,
    DialogueStatus,
    StaffMeeting,
    VillageConference,
)
from danchu.documents import issuing
from danchu.documents.models import IssuedDocument
from danchu.residents.permissions import COMMUNE_RUNNERS
from danchu.units.models import AdminUnit, Agency, Level

PAGE = 30
PUBLIC_QUESTIONS_PER_ADDRESS = 5
"""At most 5 questions an hour from one address on the public page (a family or an internet
café may share an address; more than that is not a resident asking)."""
THROTTLE_WINDOW_SECONDS = 3600


def _problems(request: HttpRequest, problems: list[str]) -> None:
    for problem in problems:
        messages.error(request, problem)


def _form_errors(request: HttpRequest, form: Any) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for e in errors:
            messages.error(request, f"{label}: {e}" if label else str(e))


def _act(request: HttpRequest, form: Any, call: Callable[[dict[str, Any]], Any], ok: str) -> bool:
    """Validate the form, call the service, report each problem in Vietnamese."""
    if not form.is_valid():
        _form_errors(request, form)
        return False
    try:
        call(form.cleaned_data)
    except services.DialogueError as refused:
        _problems(request, refused.problems)
        return False
    messages.success(request, ok)
    return True


def _runnable_communes(user: Any) -> QuerySet[AdminUnit]:
    """Communes where the user is chairman, vice-chairman or officer."""
    if not getattr(user, "is_authenticated", False):
        return AdminUnit.objects.none()
    held = RoleAssignment.objects.current().filter(
        user=user, role__in=list(COMMUNE_RUNNERS), unit__isnull=False
    )
    return AdminUnit.objects.filter(level=Level.COMMUNE, pk__in=held.values("unit_id")).order_by(
        "name"
    )


def _documents(target: Any) -> list[tuple[IssuedDocument, list[str]]]:
    return [(d, issuing.formats(d)) for d in issuing.history(target)]


def _check_any_view(request: HttpRequest) -> None:
    if not access.role_units(request.user, Cap.VIEW_UNIT) and not access.is_system_admin(
        request.user
    ):
        raise PermissionDenied


# ------------------------------------------------------------------------ the commune dialogue


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    _check_any_view(request)
    today = clock.today()
    page = Paginator(
        selectors.dialogues(request.user).order_by("-year", "commune__name"), PAGE
    ).get_page(request.GET.get("page"))
    rows = [(d, selectors.dialogue_steps(d, today)) for d in page.object_list]
    return render(
        request,
        "dialogues/index.html",
        {"page": page, "rows": rows, "can_plan": _runnable_communes(request.user).exists()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def dialogue_new(request: HttpRequest) -> HttpResponse:
    communes = _runnable_communes(request.user)
    if not communes.exists():
        raise PermissionDenied
    today = clock.today()
    form = f.DialogueForm(
        request.POST or None,
        choices={"commune": communes},
        initial={"year": today.year, "planned_on": today.replace(month=12, day=15)},
    )
    if request.method == "POST":
        created: list[Dialogue] = []
        if _act(
            request,
            form,
            lambda c: created.append(
                services.plan_dialogue(
                    actor=request.user,
                    commune=c["commune"],
                    year=c["year"],
                    planned_on=c["planned_on"],
                    place=c["place"],
                    topics=c["topics"],
                    request=request,
                )
            ),
            _("The plan was issued."),
        ):
            return redirect("dialogues:dialogue", created[0].pk)
    return render(request, "dialogues/dialogue_new.html", {"form": form})


def _dialogue(request: HttpRequest, pk: int) -> Dialogue:
    d = get_object_or_404(Dialogue.objects.select_related("commune"), pk=pk)
    if not permissions.can_see_dialogue(request.user, d):
        raise Http404
    return d


@login_required
@require_GET
def dialogue(request: HttpRequest, pk: int) -> HttpResponse:
    d = _dialogue(request, pk)
    today = clock.today()
    can_run = permissions.can_run_dialogue(request.user, d.commune)
    questions = Paginator(
        d.questions.order_by("pk").prefetch_related("commitments"), PAGE
    ).get_page(request.GET.get("page"))
    commitments = [
        (c, selectors.commitment_state(c, today)) for c in d.commitments.order_by("due_on", "pk")
    ]
    open_status = d.status in (DialogueStatus.PLANNED, DialogueStatus.INVITED)
    return render(
        request,
        "dialogues/dialogue.html",
        {
            "d": d,
            "steps": selectors.dialogue_steps(d, today),
            "page": questions,
            "commitments": commitments,
            "documents": _documents(d),
            "can_run": can_run,
            "open_status": open_status,
            "question_form": f.QuestionForm() if can_run and d.status != "reported" else None,
            "answer_form": f.AnswerForm() if can_run and d.status != "reported" else None,
            "held_form": f.HeldForm() if can_run and open_status else None,
            "commitment_form": f.CommitmentForm() if can_run else None,
            "done_form": f.DoneForm() if can_run else None,
            "report_form": f.BackdateForm() if can_run and d.held_on else None,
            "public_url": request.build_absolute_uri(f"/dialogues/p/{d.pk}/"),
        },
    )


def _dialogue_action(
    request: HttpRequest, pk: int, run: Callable[[Dialogue], None]
) -> HttpResponse:
    d = _dialogue(request, pk)
    if not permissions.can_run_dialogue(request.user, d.commune):
        raise PermissionDenied
    try:
        run(d)
    except services.DialogueError as refused:
        _problems(request, refused.problems)
    except issuing.AlreadyIssued as refused:
        messages.error(request, str(refused))
    return redirect("dialogues:dialogue", d.pk)


@login_required
@require_POST
def dialogue_invite(request: HttpRequest, pk: int) -> HttpResponse:
    def run(d: Dialogue) -> None:
        services.send_invitation(actor=request.user, dialogue=d, request=request)
        messages.success(request, _("The invitation was issued; questions are open."))

    return _dialogue_action(request, pk, run)


@login_required
@require_POST
def dialogue_questions(request: HttpRequest, pk: int) -> HttpResponse:
    def run(d: Dialogue) -> None:
        services.set_questions_open(
            actor=request.user, dialogue=d, open_=request.POST.get("open") == "1", request=request
        )
        messages.success(request, _("Saved."))

    return _dialogue_action(request, pk, run)


@login_required
@require_POST
def dialogue_question(request: HttpRequest, pk: int) -> HttpResponse:
    def run(d: Dialogue) -> None:
        _act(
            request,
            f.QuestionForm(request.POST),
            lambda c: services.add_question(actor=request.user, dialogue=d, request=request, **c),
            _("The question was added."),
        )

    return _dialogue_action(request, pk, run)


@login_required
@require_POST
def dialogue_answer(request: HttpRequest, pk: int) -> HttpResponse:
    def run(d: Dialogue) -> None:
        q = _own(d.questions.all(), request.POST.get("question"))
        _act(
            request,
            f.AnswerForm(request.POST),
            lambda c: services.answer_question(
                actor=request.user, question=q, request=request, **c
            ),
            _("The answer was recorded."),
        )

    return _dialogue_action(request, pk, run)


def _own(qs: QuerySet[Any], raw: str | None) -> Any:
    if not raw or not raw.isascii() or not raw.isdigit():
        raise Http404
    obj = qs.filter(pk=int(raw)).first()
    if obj is None:
        raise Http404
    return obj


@login_required
@require_POST
def dialogue_held(request: HttpRequest, pk: int) -> HttpResponse:
    def run(d: Dialogue) -> None:
        _act(
            request,
            f.HeldForm(request.POST, request.FILES),
            lambda c: services.record_dialogue_held(
                actor=request.user,
                dialogue=d,
                held_on=c["on"],
                reason=c["reason"],
                evidence=c["evidence"],
                chair=c["chair"],
                attendees=c["attendees"],
                summary=c["summary"],
                request=request,
            ),
            _("The dialogue was recorded."),
        )

    return _dialogue_action(request, pk, run)


@login_required
@require_POST
def dialogue_commitment(request: HttpRequest, pk: int) -> HttpResponse:
    def run(d: Dialogue) -> None:
        raw = request.POST.get("question")
        q = _own(d.questions.all(), raw) if raw else None
        _act(
            request,
            f.CommitmentForm(request.POST),
            lambda c: services.add_commitment(
                actor=request.user, dialogue=d, question=q, request=request, **c
            ),
            _("The commitment was recorded."),
        )

    return _dialogue_action(request, pk, run)


@login_required
@require_POST
def dialogue_done(request: HttpRequest, pk: int) -> HttpResponse:
    def run(d: Dialogue) -> None:
        c: Commitment = _own(d.commitments.all(), request.POST.get("commitment"))
        _act(
            request,
            f.DoneForm(request.POST, request.FILES),
            lambda v: services.complete_commitment(
                actor=request.user,
                commitment=c,
                done_on=v["on"],
                reason=v["reason"],
                evidence=v["evidence"],
                note=v["note"],
                request=request,
            ),
            _("The commitment was recorded as done."),
        )

    return _dialogue_action(request, pk, run)


@login_required
@require_POST
def dialogue_record(request: HttpRequest, pk: int) -> HttpResponse:
    def run(d: Dialogue) -> None:
        services.issue_record(actor=request.user, dialogue=d, request=request)
        messages.success(request, _("The record was issued."))

    return _dialogue_action(request, pk, run)


@login_required
@require_POST
def dialogue_report(request: HttpRequest, pk: int) -> HttpResponse:
    def run(d: Dialogue) -> None:
        _act(
            request,
            f.BackdateForm(request.POST, request.FILES),
            lambda v: services.issue_report(
                actor=request.user,
                dialogue=d,
                on=v["on"],
                reason=v["reason"],
                evidence=v["evidence"],
                request=request,
            ),
            _("The report was issued."),
        )

    return _dialogue_action(request, pk, run)


dialogue_actions: dict[str, Callable[..., HttpResponse]] = {
    "invite": dialogue_invite,
    "questions": dialogue_questions,
    "question": dialogue_question,
    "answer": dialogue_answer,
    "held": dialogue_held,
    "commitment": dialogue_commitment,
    "done": dialogue_done,
    "record": dialogue_record,
    "report": dialogue_report,
}


# ------------------------------------------------------------------------ documents


@login_required
@require_GET
def document(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """An issued document of a dialogue, conference or staff meeting, served as issued, to those
    who see its record."""
    doc = get_object_or_404(IssuedDocument, pk=pk, kind__startswith="dialogues.")
    target_id = int(doc.target_id)
    allowed = False
    if doc.target_label == "dialogues.dialogue":
        d = Dialogue.objects.select_related("commune").filter(pk=target_id).first()
        allowed = d is not None and permissions.can_see_dialogue(request.user, d)
    elif doc.target_label == "dialogues.villageconference":
        c = VillageConference.objects.select_related("village", "commune").filter(pk=target_id)
        conf = c.first()
        allowed = conf is not None and permissions.can_see_conference(request.user, conf)
    elif doc.target_label == "dialogues.staffmeeting":
        m = StaffMeeting.objects.select_related("unit").filter(pk=target_id).first()
        allowed = m is not None and permissions.can_see_staff(request.user, m)
    if not allowed or fmt not in issuing.formats(doc):
        raise Http404
    return issuing.response(doc, fmt, f"{doc.kind.replace('.', '-')}-{doc.pk}.{fmt}")


# ------------------------------------------------------------------------ the public page


def _over(request: HttpRequest) -> bool:
    key = f"dialogues:ask:{client_ip(request) or 'unknown'}"
    return int(cache.get(key, 0)) >= PUBLIC_QUESTIONS_PER_ADDRESS


def _count(request: HttpRequest) -> None:
    key = f"dialogues:ask:{client_ip(request) or 'unknown'}"
    if not cache.add(key, 1, THROTTLE_WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, THROTTLE_WINDOW_SECONDS)


@never_cache
@require_http_methods(["GET", "POST"])
def public(request: HttpRequest, pk: int) -> HttpResponse:
    """LD9: the dialogue's public page — when and where, a form for questions while it takes
    them (named or anonymous, as the resident chooses), and the answers the commune published."""
    d = get_object_or_404(Dialogue.objects.select_related("commune"), pk=pk)
    form = f.PublicQuestionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not d.questions_open:
            messages.error(request, _("This dialogue is not taking questions."))
            status = 409
        elif _over(request):
            messages.error(request, _("Too many questions from this address; try again later."))
            status = 429
        elif form.is_valid():
            c = form.cleaned_data
            try:
                services.submit_public_question(
                    dialogue=d,
                    text=c["text"],
                    asker=c["asker"] if c["named"] else "",
                    village_name=c["village_name"],
                )
            except services.DialogueError as refused:
                _problems(request, refused.problems)
                status = 400
            else:
                _count(request)
                return render(request, "dialogues/public_done.html", {"d": d})
        else:
            _form_errors(request, form)
            status = 400
    answered = Paginator(
        d.questions.filter(published=True).exclude(answer="").order_by("pk"), PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "dialogues/public.html",
        {"d": d, "form": form if d.questions_open else None, "page": answered},
        status=status,
    )


# ------------------------------------------------------------------------ village conferences


def _runnable_villages(user: Any) -> QuerySet[AdminUnit]:
    """Villages of the communes the user runs, and the villages the user heads."""
    if not getattr(user, "is_authenticated", False):
        return AdminUnit.objects.none()
    headed = RoleAssignment.objects.current().filter(
        user=user, role=Role.VILLAGE_HEAD, unit__isnull=False
    )
    villages = AdminUnit.objects.filter(level=Level.VILLAGE)
    return (
        villages.filter(Q(parent__in=_runnable_communes(user)) | Q(pk__in=headed.values("unit_id")))
        .select_related("parent")
        .order_by("parent__name", "code")
    )


@login_required
@require_GET
def conferences(request: HttpRequest) -> HttpResponse:
    _check_any_view(request)
    today = clock.today()
    page = Paginator(
        selectors.conferences(request.user).order_by("-year", "village__code"), PAGE
    ).get_page(request.GET.get("page"))
    rows = [(c, selectors.conference_steps(c, today)) for c in page.object_list]
    return render(
        request,
        "dialogues/conferences.html",
        {"page": page, "rows": rows, "can_plan": _runnable_villages(request.user).exists()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def conference_new(request: HttpRequest) -> HttpResponse:
    villages = _runnable_villages(request.user)
    if not villages.exists():
        raise PermissionDenied
    today = clock.today()
    form = f.ConferenceForm(
        request.POST or None, choices={"village": villages}, initial={"year": today.year}
    )
    if request.method == "POST":
        created: list[VillageConference] = []
        if _act(
            request,
            form,
            lambda c: created.append(
                services.plan_conference(actor=request.user, request=request, **c)
            ),
            _("The conference was planned."),
        ):
            return redirect("dialogues:conference", created[0].pk)
    return render(request, "dialogues/conference_new.html", {"form": form})


def _conference(request: HttpRequest, pk: int) -> VillageConference:
    c = get_object_or_404(VillageConference.objects.select_related("village", "commune"), pk=pk)
    if not permissions.can_see_conference(request.user, c):
        raise Http404
    return c


@login_required
@require_GET
def conference(request: HttpRequest, pk: int) -> HttpResponse:
    c = _conference(request, pk)
    can_run = permissions.can_run_conference(request.user, c.village)
    return render(
        request,
        "dialogues/conference.html",
        {
            "c": c,
            "board_member": selectors.board_member_name(c.village_id, c.held_on or c.planned_on),
            "steps": selectors.conference_steps(c, clock.today()),
            "documents": _documents(c),
            "can_run": can_run,
            "notice_form": f.BackdateForm() if can_run and c.notice_on is None else None,
            "held_form": (
                f.ConferenceHeldForm(initial={"inspection_member": c.inspection_member})
                if can_run and c.held_on is None
                else None
            ),
        },
    )


def _conference_action(
    request: HttpRequest, pk: int, run: Callable[[VillageConference], None]
) -> HttpResponse:
    c = _conference(request, pk)
    if not permissions.can_run_conference(request.user, c.village):
        raise PermissionDenied
    try:
        run(c)
    except services.DialogueError as refused:
        _problems(request, refused.problems)
    except issuing.AlreadyIssued as refused:
        messages.error(request, str(refused))
    return redirect("dialogues:conference", c.pk)


@login_required
@require_POST
def conference_notice(request: HttpRequest, pk: int) -> HttpResponse:
    def run(c: VillageConference) -> None:
        _act(
            request,
            f.BackdateForm(request.POST, request.FILES),
            lambda v: services.give_notice(
                actor=request.user,
                conference=c,
                notice_on=v["on"],
                reason=v["reason"],
                evidence=v["evidence"],
                request=request,
            ),
            _("The notice was recorded."),
        )

    return _conference_action(request, pk, run)


@login_required
@require_POST
def conference_held(request: HttpRequest, pk: int) -> HttpResponse:
    def run(c: VillageConference) -> None:
        _act(
            request,
            f.ConferenceHeldForm(request.POST, request.FILES),
            lambda v: services.record_conference(
                actor=request.user,
                conference=c,
                held_on=v["on"],
                reason=v["reason"],
                evidence=v["evidence"],
                households_present=v["households_present"],
                head_report=v["head_report"],
                front_report=v["front_report"],
                inspection_member=v["inspection_member"],
                inspection_report=v["inspection_report"],
                conclusions=v["conclusions"],
                request=request,
            ),
            _("The conference was recorded."),
        )

    return _conference_action(request, pk, run)


@login_required
@require_POST
def conference_report(request: HttpRequest, pk: int) -> HttpResponse:
    def run(c: VillageConference) -> None:
        services.send_conference_report(actor=request.user, conference=c, request=request)
        messages.success(request, _("The report was sent to the commune."))

    return _conference_action(request, pk, run)


conference_actions: dict[str, Callable[..., HttpResponse]] = {
    "notice": conference_notice,
    "held": conference_held,
    "report": conference_report,
}


# ------------------------------------------------------------------------ staff conferences


def _runnable_agencies(user: Any) -> QuerySet[Agency]:
    """Agencies of the communes the user runs."""
    return Agency.objects.filter(unit__in=_runnable_communes(user)).order_by("name")


@login_required
@require_GET
def staff_list(request: HttpRequest) -> HttpResponse:
    _check_any_view(request)
    today = clock.today()
    page = Paginator(
        selectors.staff_meetings(request.user).order_by("-year", "agency__name", "kind"), PAGE
    ).get_page(request.GET.get("page"))
    rows = [(m, selectors.staff_steps(m, today)) for m in page.object_list]
    return render(
        request,
        "dialogues/staff_list.html",
        {"page": page, "rows": rows, "can_plan": _runnable_agencies(request.user).exists()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_new(request: HttpRequest) -> HttpResponse:
    agencies = _runnable_agencies(request.user)
    if not agencies.exists():
        raise PermissionDenied
    form = f.StaffForm(
        request.POST or None, choices={"agency": agencies}, initial={"year": clock.today().year}
    )
    if request.method == "POST":
        created: list[StaffMeeting] = []
        if _act(
            request,
            form,
            lambda c: created.append(
                services.plan_staff_meeting(actor=request.user, request=request, **c)
            ),
            _("Planned."),
        ):
            return redirect("dialogues:staff", created[0].pk)
    return render(request, "dialogues/staff_new.html", {"form": form})


def _staff(request: HttpRequest, pk: int) -> StaffMeeting:
    m = get_object_or_404(StaffMeeting.objects.select_related("agency", "unit"), pk=pk)
    if not permissions.can_see_staff(request.user, m):
        raise Http404
    return m


@login_required
@require_GET
def staff(request: HttpRequest, pk: int) -> HttpResponse:
    m = _staff(request, pk)
    can_run = permissions.can_run_staff(request.user, m.unit)
    return render(
        request,
        "dialogues/staff.html",
        {
            "m": m,
            "steps": selectors.staff_steps(m, clock.today()),
            "documents": _documents(m),
            "held_form": f.StaffHeldForm() if can_run and m.held_on is None else None,
        },
    )


@login_required
@require_POST
def staff_held(request: HttpRequest, pk: int) -> HttpResponse:
    m = _staff(request, pk)
    if not permissions.can_run_staff(request.user, m.unit):
        raise PermissionDenied
    try:
        _act(
            request,
            f.StaffHeldForm(request.POST, request.FILES),
            lambda v: services.record_staff_meeting(
                actor=request.user,
                meeting=m,
                held_on=v["on"],
                reason=v["reason"],
                evidence=v["evidence"],
                chair=v["chair"],
                participants=v["participants"],
                results=v["results"],
                targets=v["targets"],
                exchanges=v["exchanges"],
                request=request,
            ),
            _("The minutes were issued."),
        )
    except issuing.AlreadyIssued as refused:
        messages.error(request, str(refused))
    return redirect("dialogues:staff", m.pk)
