"""Pages of a confidence vote. Thin: check access (``permissions``), call a service, render."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from danchu.accounts import access
from danchu.accounts.access import Cap
from danchu.core import clock
from danchu.documents import issuing
from danchu.documents.models import IssuedDocument
from danchu.documents.render import render_docx, render_pdf
from danchu.people.models import Assignment, Person
from danchu.votes import ballots, minutes, permissions, rules, selectors, services
from danchu.votes.forms import (
    ClarificationForm,
    CountForm,
    DocumentForm,
    RoundEditForm,
    RoundForm,
)
from danchu.votes.models import (
    ROUND_SETTINGS,
    IssueKind,
    PaperEntry,
    RosterEntry,
    RoundStatus,
    Subject,
    VoidReason,
    VoteRound,
)
from danchu.votes.services import VoteError
from danchu.web.responses import DOCX, PDF, XLSX, file_response


def _round(pk: int) -> VoteRound:
    return get_object_or_404(
        VoteRound.objects.select_related("unit", "authority__superior", "office", "term"), pk=pk
    )


def _pdf(data: bytes, filename: str, content_type: str = PDF) -> HttpResponse:
    return file_response(data, filename, content_type)


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    rounds = selectors.rounds_for(request.user).order_by("-pk")
    can_create = access.visible_units(request.user, Cap.RUN_VOTES).exists()
    return render(request, "votes/list.html", {"rounds": rounds, "can_create": can_create})


@login_required
def round_create(request: HttpRequest) -> HttpResponse:
    if not access.visible_units(request.user, Cap.RUN_VOTES).exists():
        raise PermissionDenied
    form = RoundForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not permissions.can_create_round(request.user, data["authority"].unit):
            raise PermissionDenied
        vote = services.create_round(actor=request.user, **data)
        return redirect("votes:detail", vote.pk)
    return render(request, "votes/form.html", {"form": form})


@login_required
def round_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The round's settings while it is prepared or checked in: the vote day D may be set
    later (the CV4 deadlines follow it), the term (CV12), the CV9 denominator… The only place
    they change (the admin is read-only); the service refuses, with its reason, a change that
    would contradict a recorded fact (:func:`rules.setting_change_problem`)."""
    vote = _round(pk)
    if not permissions.can_manage_round(request.user, vote) or vote.status not in {
        RoundStatus.PREPARING,
        RoundStatus.CONFERENCE,
    }:
        raise PermissionDenied  # from the opening of the vote every setting is frozen
    form = RoundEditForm(request.POST or None, instance=_round(pk), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_round(
                actor=request.user,
                vote=vote,
                **{k: form.cleaned_data[k] for k in ROUND_SETTINGS},
            )
            messages.success(request, _("The round's settings were saved."))
            return redirect("votes:detail", vote.pk)
        except VoteError as exc:
            messages.error(request, str(exc))
    return render(request, "votes/form.html", {"form": form, "vote": vote})


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    vote = _round(pk)
    user = request.user
    if not permissions.can_view_round(user, vote):
        raise PermissionDenied
    organizer = permissions.is_organizer(user, vote)
    entry = permissions.roster_entry(user, vote)
    mid_term = None
    if vote.term is not None and vote.vote_day:
        mid_term = rules.mid_term_note(vote.term.start, vote.vote_day)
    subjects = list(vote.subjects.select_related("managed_by"))
    context = {
        "vote": vote,
        "subjects": subjects,
        "mid_term": mid_term,
        "organizer": organizer,
        "can_manage": permissions.can_manage_round(user, vote),
        "can_check_in": permissions.can_check_in(user, vote),
        "board_member": permissions.is_board_member(user, vote),
        "roster": selectors.roster(vote)
        if organizer or permissions.is_board_member(user, vote)
        else [],
        "manager_choices": selectors.manager_choices(vote)
        if permissions.can_manage_round(user, vote)
        else [],
        "opening_exceptions": services.opening_exceptions(vote)
        if vote.status in {RoundStatus.PREPARING, RoundStatus.CONFERENCE}
        else vote.opening_exceptions,
        "quorum": selectors.quorum(vote),
        "roster_candidates": selectors.roster_candidates(vote)
        if organizer and vote.status == RoundStatus.PREPARING
        else [],
        "board": vote.board.select_related("user__person"),
        "timeline": selectors.timeline(vote) if organizer else [],
        "my_entry": entry,
        "can_read_dossiers": permissions.can_read_dossiers(user, vote),
        "can_request": permissions.can_request_clarification(user, vote),
        "my_subjects": [s for s in subjects if permissions.is_subject(user, s)],
        "visible_results": permissions.visible_results(user, vote),
        "can_minutes": permissions.can_see_minutes(user, vote),
        "denominators": rules.DENOMINATOR_LABELS,
        "clar_form": ClarificationForm(),
        **_records(user, vote),
    }
    return render(request, "votes/detail.html", context)


def _records(user: Any, vote: VoteRound) -> dict[str, Any]:
    """Issue 10 on the round's page: the documents issued (in force and replaced, each with its
    number, day, SHA-256 and reason), the reopenings, and the steps this user may take."""
    documents = [
        {
            "doc": doc,
            "readable": permissions.can_see_issued(user, vote, doc.kind),
            "in_force": not IssuedDocument.objects.filter(replaces=doc).exists(),
            "sha256": doc.files.filter(fmt="pdf", copy=0).values_list("sha256", flat=True).first()
            or "",
        }
        for doc in issuing.history(vote)
        if doc.kind in {services.MINUTES, services.REPORT}
    ]
    return {
        "issued_documents": documents,
        "reopenings": list(vote.reopenings.select_related("reopened_by")),
        "can_send_report": permissions.can_send_report(user, vote)
        and issuing.current(vote, services.REPORT) is None,
        "can_reopen": permissions.can_reopen(user, vote),
        "can_correct_minutes": permissions.can_correct_minutes(user, vote),
    }


@login_required
def candidates(request: HttpRequest, pk: int) -> HttpResponse:
    """CV1: every leader post with its eligibility; the excluded ones with their reason."""
    vote = _round(pk)
    if not permissions.can_manage_round(request.user, vote):
        raise PermissionDenied
    if request.method == "POST":
        assignment = get_object_or_404(Assignment, pk=request.POST.get("assignment"))
        if assignment.agency.unit_id != vote.unit_id:
            raise PermissionDenied
        try:
            services.add_subject(actor=request.user, vote=vote, assignment=assignment)
            messages.success(request, _("Added to the list."))
        except VoteError as exc:
            messages.error(request, str(exc))
        return redirect("votes:candidates", vote.pk)
    return render(
        request, "votes/candidates.html", {"vote": vote, "rows": selectors.candidates(vote)}
    )


@login_required
def subject_page(request: HttpRequest, pk: int, subject_pk: int) -> HttpResponse:
    vote = _round(pk)
    subject = get_object_or_404(
        Subject.objects.select_related("managed_by"), round=vote, pk=subject_pk
    )
    user = request.user
    own = permissions.is_subject(user, subject)
    if not (
        own or permissions.can_read_dossiers(user, vote) or permissions.can_view_round(user, vote)
    ):
        raise PermissionDenied
    can_upload = permissions.can_upload_document(user, subject)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_upload:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.upload_document(
                    actor=user,
                    subject=subject,
                    kind=form.cleaned_data["kind"],
                    file=form.cleaned_data["file"],
                    on=clock.today(),
                )
                messages.success(request, _("Document received."))
            except VoteError as exc:
                messages.error(request, str(exc))
            return redirect("votes:subject", vote.pk, subject.pk)
    show_docs = own or permissions.can_read_dossiers(user, vote)
    return render(
        request,
        "votes/subject.html",
        {
            "vote": vote,
            "subject": subject,
            "documents": subject.documents.all() if show_docs else [],
            "clarifications": _clarifications_for(user, subject, own),
            "can_upload": can_upload,
            "form": form,
            "result": subject.result if permissions.can_see_result(user, subject) else None,
            "can_forward": permissions.can_manage_round(user, vote),
        },
    )


def _clarifications_for(user: Any, subject: Subject, own: bool) -> Any:
    """CV4: the organizing office sees every request about a subject; the subject sees a
    request once the office has forwarded it."""
    requests = subject.clarifications.select_related("voter__person")
    if permissions.is_organizer(user, subject.round):
        return requests
    if own:
        return requests.filter(forwarded_on__isnull=False)
    return []


@login_required
@require_POST
def clarify(request: HttpRequest, pk: int) -> HttpResponse:
    vote = _round(pk)
    if not permissions.can_request_clarification(request.user, vote):
        raise PermissionDenied
    form = ClarificationForm(request.POST)
    entry = permissions.roster_entry(request.user, vote)
    if form.is_valid() and entry is not None:
        subject = get_object_or_404(Subject, round=vote, pk=form.cleaned_data["subject"])
        try:
            services.request_clarification(
                actor=request.user,
                vote=vote,
                voter=entry,
                subject=subject,
                text=form.cleaned_data["text"],
                on=clock.today(),
            )
            messages.success(request, _("Your request was sent to the organizing office."))
        except VoteError as exc:
            messages.error(request, str(exc))
    return redirect("votes:detail", vote.pk)


# ---------------------------------------------------------------------------------------------
# Actions on the round (POST): one table, each with its permission
# ---------------------------------------------------------------------------------------------


def _act_check_in(request: HttpRequest, vote: VoteRound) -> None:
    entry = get_object_or_404(RosterEntry, round=vote, pk=request.POST.get("entry"))
    services.check_in(actor=request.user, entry=entry, present=request.POST.get("present") == "1")


def _act_fill_roster(request: HttpRequest, vote: VoteRound) -> None:
    n = services.fill_roster_from_positions(actor=request.user, vote=vote)
    messages.success(request, _("%(n)d people added to the roster.") % {"n": n})


def _act_add_voter(request: HttpRequest, vote: VoteRound) -> None:
    person = get_object_or_404(Person, pk=request.POST.get("person"))
    if not access.has_capability(request.user, Cap.VIEW_UNIT, person.home_unit):
        raise PermissionDenied
    services.add_voter(
        actor=request.user, vote=vote, person=person, position_name=request.POST.get("position", "")
    )


def _act_remove_voter(request: HttpRequest, vote: VoteRound) -> None:
    entry = get_object_or_404(RosterEntry, round=vote, pk=request.POST.get("entry"))
    services.remove_voter(actor=request.user, entry=entry)


def _act_remove_subject(request: HttpRequest, vote: VoteRound) -> None:
    subject = get_object_or_404(Subject, round=vote, pk=request.POST.get("subject"))
    services.remove_subject(actor=request.user, subject=subject)


def _act_elect_board(request: HttpRequest, vote: VoteRound) -> None:
    from danchu.accounts.models import User

    ids = [int(x) for x in request.POST.getlist("members") if x.isdigit()]
    people = [e.person_id for e in vote.roster.all()]
    users = list(User.objects.filter(pk__in=ids, person_id__in=people))
    head = next((u for u in users if str(u.pk) == request.POST.get("head")), None)
    if head is None:
        raise VoteError(_("Choose the head of the counting board among its members."))
    secretary = None
    if request.POST.get("secretary", "").isdigit():
        secretary = Person.objects.filter(
            pk__in=vote.roster.values("person_id"), pk=int(request.POST["secretary"])
        ).first()
    if secretary is None:
        raise VoteError(_("Choose the secretary the conference elected."))
    services.elect_board(actor=request.user, vote=vote, users=users, head=head, secretary=secretary)


def _act_open(request: HttpRequest, vote: VoteRound) -> None:
    services.open_vote(
        actor=request.user, vote=vote, decision=request.POST.get("decision", "")[:4000]
    )


def _act_set_manager(request: HttpRequest, vote: VoteRound) -> None:
    subject = get_object_or_404(Subject, round=vote, pk=request.POST.get("subject"))
    agency = next(
        (a for a in selectors.manager_choices(vote) if str(a.pk) == request.POST.get("agency")),
        None,
    )
    if agency is None:
        raise VoteError(_("Choose an authority from the list."))
    services.set_manager(
        actor=request.user,
        subject=subject,
        agency=agency,
        reason=request.POST.get("reason", "")[:2000],
    )


def _act_compare_passes(request: HttpRequest, vote: VoteRound) -> None:
    diff = services.compare_passes(actor=request.user, vote=vote)
    messages.success(request, _("Passes compared: %(n)d ballots differ.") % {"n": len(diff)})


def _act_close_issuing(request: HttpRequest, vote: VoteRound) -> None:
    services.close_issuing(actor=request.user, vote=vote)


def _act_dossiers_sent(request: HttpRequest, vote: VoteRound) -> None:
    services.mark_dossiers_sent(actor=request.user, vote=vote, on=clock.today())


def _act_forward(request: HttpRequest, vote: VoteRound) -> None:
    req = get_object_or_404(vote.clarifications, pk=request.POST.get("request"))
    services.forward_clarification(actor=request.user, request=req, on=clock.today())


def _act_close_voting(request: HttpRequest, vote: VoteRound) -> None:
    services.close_voting(actor=request.user, vote=vote)


def _act_close_count(request: HttpRequest, vote: VoteRound) -> None:
    services.close_count(
        actor=request.user,
        vote=vote,
        reason=request.POST.get("reason", ""),
        on=clock.today(),
    )


def _act_announce(request: HttpRequest, vote: VoteRound) -> None:
    services.announce(actor=request.user, vote=vote, on=clock.today())


def _act_send_report(request: HttpRequest, vote: VoteRound) -> None:
    doc = services.send_report(actor=request.user, vote=vote)
    messages.success(request, _("Report %(number)s sent.") % {"number": doc.number})


def _act_reopen(request: HttpRequest, vote: VoteRound) -> None:
    services.reopen_result(actor=request.user, vote=vote, reason=request.POST.get("reason", ""))
    messages.success(request, _("The result was reopened; the counting board counts again."))


def _act_correct_minutes(request: HttpRequest, vote: VoteRound) -> None:
    doc = services.correct_minutes(
        actor=request.user, vote=vote, reason=request.POST.get("reason", "")
    )
    messages.success(request, _("Corrected minutes %(number)s issued.") % {"number": doc.number})


def _act_withdraw_issue(request: HttpRequest, vote: VoteRound) -> None:
    uid = _uuid_or_none(request.POST.get("batch", ""))
    batch = vote.issue_batches.filter(pk=uid).first() if uid else None
    if batch is None:
        raise VoteError(_("This request to issue does not exist."))
    services.withdraw_issue(actor=request.user, batch=batch)


def _act_void(request: HttpRequest, vote: VoteRound) -> None:
    """A lost or spoiled paper ballot (its serial) or e-voting code (the code on the slip)."""
    kind, reason = request.POST.get("kind", ""), request.POST.get("reason", "")
    text, note = request.POST.get("identifier", "")[:60], request.POST.get("note", "")[:2000]
    if kind == IssueKind.CODES:
        services.void_code(actor=request.user, vote=vote, reason=reason, code=text, note=note)
    elif kind == IssueKind.BALLOTS:
        services.void_ballot(actor=request.user, vote=vote, reason=reason, serial=text, note=note)
    else:
        raise VoteError(_("Choose a paper ballot or an e-voting code."))
    messages.success(request, _("Voided; it is counted as such and listed in the minutes."))


Action = Callable[[HttpRequest, VoteRound], None]
ACTIONS: dict[str, tuple[Callable[[Any, VoteRound], bool], Action, str]] = {
    "check_in": (permissions.can_check_in, _act_check_in, "detail"),
    "fill_roster": (permissions.can_manage_round, _act_fill_roster, "detail"),
    "add_voter": (permissions.can_manage_round, _act_add_voter, "detail"),
    "remove_voter": (permissions.can_manage_round, _act_remove_voter, "detail"),
    "remove_subject": (permissions.can_manage_round, _act_remove_subject, "detail"),
    "elect_board": (permissions.can_manage_round, _act_elect_board, "detail"),
    "open": (permissions.can_manage_round, _act_open, "detail"),
    "close_issuing": (permissions.can_count, _act_close_issuing, "board"),
    "set_manager": (permissions.can_manage_round, _act_set_manager, "detail"),
    "compare_passes": (permissions.can_count, _act_compare_passes, "board"),
    "dossiers_sent": (permissions.can_manage_round, _act_dossiers_sent, "detail"),
    "forward": (permissions.can_manage_round, _act_forward, "detail"),
    "close_voting": (permissions.can_count, _act_close_voting, "board"),
    "withdraw_issue": (permissions.can_count, _act_withdraw_issue, "board"),
    "void": (permissions.can_count, _act_void, "board"),
    "close_count": (permissions.can_count, _act_close_count, "board"),
    "announce": (permissions.can_count, _act_announce, "board"),
    "send_report": (permissions.can_send_report, _act_send_report, "detail"),
    "reopen": (permissions.can_reopen, _act_reopen, "detail"),
    "correct_minutes": (permissions.can_correct_minutes, _act_correct_minutes, "detail"),
}


@login_required
@require_POST
def round_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    vote = _round(pk)
    if action not in ACTIONS:
        raise Http404
    allowed, handler, back = ACTIONS[action]
    if not allowed(request.user, vote):
        raise PermissionDenied
    try:
        handler(request, vote)
    except VoteError as exc:
        messages.error(request, str(exc))
    return redirect(f"votes:{back}", vote.pk)


# ---------------------------------------------------------------------------------------------
# Counting board (CV6): issue ballots and codes, enter, reconcile, close
# ---------------------------------------------------------------------------------------------


def _board_only(request: HttpRequest, pk: int) -> VoteRound:
    vote = _round(pk)
    if not permissions.can_count(request.user, vote):
        raise PermissionDenied
    return vote


@login_required
@never_cache
def board(request: HttpRequest, pk: int) -> HttpResponse:
    vote = _board_only(request, pk)
    return render(
        request,
        "votes/board.html",
        {
            "vote": vote,
            "progress": selectors.progress(vote),
            # Blind passes (issue 11): the differences only once the passes are compared.
            "mismatches": selectors.mismatch_rows(vote)
            if vote.double_entry and vote.passes_compared_at
            else [],
            "count_form": CountForm(),
            "results": permissions.visible_results(request.user, vote),
            "quorum": selectors.quorum(vote),
            "pending": vote.issue_batches.filter(status="pending").select_related("requested_by"),
            "issued_batches": vote.issue_batches.filter(status="issued").select_related(
                "requested_by", "confirmed_by"
            ),
            "voids": vote.voids.select_related("recorded_by"),
            "void_reasons": VoidReason.choices,
        },
    )


def _issue(
    request: HttpRequest,
    pk: int,
    kind: str,
    too_many: str,
    printout: Callable[[VoteRound, list[str]], tuple[bytes, str]],
) -> HttpResponse:
    """Paper ballots and e-voting codes alike take two board members (CV6): one asks for a
    number (``count``, and a ``reason`` beyond the voters present), which is recorded and
    waits; another confirms it (``batch``), and only then are they made and the PDF comes back
    (the platform keeps no copy of the printout)."""
    vote = _board_only(request, pk)
    batch_id = request.POST.get("batch", "")
    if batch_id:
        uid = _uuid_or_none(batch_id)
        batch = vote.issue_batches.filter(pk=uid, kind=kind).first() if uid else None
        if batch is None:
            messages.error(request, _("This request to issue does not exist."))
            return redirect("votes:board", vote.pk)
        try:
            issued = services.confirm_issue(actor=request.user, batch=batch)
        except VoteError as exc:
            messages.error(request, str(exc))
            return redirect("votes:board", vote.pk)
        return _pdf(*printout(vote, issued))
    form = CountForm(request.POST)
    if not form.is_valid():
        messages.error(request, too_many)
        return redirect("votes:board", vote.pk)
    try:
        services.request_issue(
            actor=request.user,
            vote=vote,
            kind=kind,
            count=form.cleaned_data["count"],
            reason=request.POST.get("reason", "")[:2000],
        )
        messages.success(
            request,
            _(
                "Request recorded. Another member of the counting board confirms it on this "
                "page; then the file to print is made."
            ),
        )
    except VoteError as exc:
        messages.error(request, str(exc))
    return redirect("votes:board", vote.pk)


def _uuid_or_none(text: str) -> Any:
    import uuid

    try:
        return uuid.UUID(text)
    except (ValueError, AttributeError):
        return None


@login_required
@require_POST
def issue_ballots(request: HttpRequest, pk: int) -> HttpResponse:
    def printout(vote: VoteRound, serials: list[str]) -> tuple[bytes, str]:
        subjects = list(vote.subjects.order_by("order"))
        return ballots.ballots_pdf(vote, subjects, serials), f"phieu-tin-nhiem-{vote.pk}.pdf"

    return _issue(
        request,
        pk,
        IssueKind.BALLOTS,
        _("Give a number of ballots between 1 and 5000."),
        printout,
    )


@login_required
@require_POST
def issue_codes(request: HttpRequest, pk: int) -> HttpResponse:
    def printout(vote: VoteRound, codes: list[str]) -> tuple[bytes, str]:
        url = request.build_absolute_uri(reverse("votes:evote", args=[vote.pk]))
        return ballots.code_slips_pdf(vote, codes, url), f"ma-bo-phieu-{vote.pk}.pdf"

    return _issue(
        request,
        pk,
        IssueKind.CODES,
        _("Give a number of codes between 1 and 5000."),
        printout,
    )


def _last_key(vote: VoteRound) -> str:
    return f"votes-last-entry-{vote.pk}"


def _echo(vote: VoteRound, subjects: list[Subject], e: PaperEntry) -> dict[str, Any]:
    """Issue 11: what was saved, in words, for the member to check against the paper."""
    cells = e.lines.split("|")
    return {
        "seq": e.seq,
        "serial": e.serial,
        "extra_names": e.extra_names,
        "lines": [
            (s.order, s.full_name, rules.line_in_words(cells[i] if i < len(cells) else ""))
            for i, s in enumerate(subjects)
        ],
    }


def _entry_post(
    request: HttpRequest, vote: VoteRound, subjects: list[Subject], pass_no: int
) -> tuple[str, bool]:
    """Save, delete or undo; returns (error, duplicate) or redirects through an exception."""
    action = request.POST.get("action", "save")
    mine = PaperEntry.objects.filter(round=vote, pass_no=pass_no, entered_by_id=request.user.pk)
    if action in {"delete", "undo"}:
        if action == "undo":
            last = request.session.get(_last_key(vote)) or {}
            target = (
                mine.filter(seq=last.get("seq", 0)).first() if last.get("pass") == pass_no else None
            )
        else:
            seq_text = request.POST.get("seq", "")
            target = mine.filter(seq=int(seq_text)).first() if seq_text.isdigit() else None
        if target is None:
            return str(_("There is no ballot of yours with this number in this pass.")), False
        services.delete_paper_entry(actor=request.user, entry=target)
        request.session.pop(_last_key(vote), None)
        messages.success(request, _("Ballot %(seq)d deleted.") % {"seq": target.seq})
        return "", False
    lines = [request.POST.get(f"s{s.order}", "").strip() for s in subjects]
    try:
        extra = int(request.POST.get("extra_names") or 0)
        seq = int(request.POST.get("seq") or 0)
    except ValueError:
        extra, seq = -1, 0
    try:
        saved = services.enter_paper_ballot(
            actor=request.user,
            vote=vote,
            seq=seq,
            lines=lines,
            serial=request.POST.get("serial", ""),
            extra_names=extra,
            pass_no=pass_no,
            duplicate_ok=request.POST.get("duplicate_ok") == "1",
        )
    except services.DuplicateSerial as exc:
        return str(exc), True
    request.session[_last_key(vote)] = {"seq": saved.seq, "pass": pass_no}
    return "", False


@login_required
@never_cache
def entry(request: HttpRequest, pk: int) -> HttpResponse:
    """The keyboard entry screen: one ballot at a time, keys 1/2/3, 0 no mark, M several
    marks, X crossed out, + a handwritten name; Enter saves. Works without JavaScript.

    Blind (issue 11): a member sees and corrects only the ballots they typed; the other pass,
    and other members' batches, stay hidden until the passes are compared (board page)."""
    vote = _board_only(request, pk)
    pass_no = 2 if request.GET.get("pass") == "2" or request.POST.get("pass_no") == "2" else 1
    subjects = list(vote.subjects.order_by("order"))
    error, duplicate = "", False
    if request.method == "POST":
        try:
            error, duplicate = _entry_post(request, vote, subjects, pass_no)
        except VoteError as exc:
            error = str(exc)
        if not error:
            return redirect(f"{reverse('votes:entry', args=[vote.pk])}?pass={pass_no}")
    mine = PaperEntry.objects.filter(round=vote, pass_no=pass_no, entered_by_id=request.user.pk)
    in_pass = PaperEntry.objects.filter(round=vote, pass_no=pass_no)
    last_seq = in_pass.order_by("-seq").values_list("seq", flat=True).first() or 0
    edit = None
    seq_text = request.GET.get("seq", "")
    if seq_text.isdigit():
        edit = mine.filter(seq=int(seq_text)).first()
    last = request.session.get(_last_key(vote)) or {}
    saved = mine.filter(seq=last.get("seq", 0)).first() if last.get("pass") == pass_no else None
    posted = request.POST if request.method == "POST" and error else None
    return render(
        request,
        "votes/entry.html",
        {
            "vote": vote,
            "subjects": subjects,
            "pass_no": pass_no,
            "next_seq": edit.seq if edit else last_seq + 1,
            "edit_cells": dict(
                zip([s.order for s in subjects], edit.lines.split("|"), strict=False)
            )
            if edit
            else {},
            "edit": edit,
            "posted": posted,
            "posted_cells": {s.order: posted.get(f"s{s.order}", "") for s in subjects}
            if posted
            else {},
            "duplicate": duplicate,
            "entered": in_pass.count(),
            "mine": mine.count(),
            "saved": _echo(vote, subjects, saved) if saved else None,
            "error": error,
            "levels": rules.LEVEL_LABELS,
            "words": {k: rules.line_in_words(k) for k in ("1", "2", "3", "", "M", "X")},
        },
    )


# ---------------------------------------------------------------------------------------------
# Electronic voting in the hall (CV5): no login, a one-time code
# ---------------------------------------------------------------------------------------------


@never_cache
def evote(request: HttpRequest, pk: int) -> HttpResponse:
    vote = get_object_or_404(VoteRound.objects.select_related("authority"), pk=pk, evoting=True)
    if vote.status != RoundStatus.VOTING:
        # CV11 (issue 11): nobody without a code learns who is voted on before or after the vote.
        raise Http404
    subjects = list(vote.subjects.order_by("order"))
    if request.method == "POST":
        lines = [request.POST.get(f"s{s.order}", "") for s in subjects]
        try:
            again = services.submit_electronic_ballot(
                vote=vote,
                code=request.POST.get("code", ""),
                lines=lines,
                signature=request.POST.get("signature", ""),
            )
            return render(request, "votes/evote_done.html", {"vote": vote, "again": again})
        except VoteError as exc:
            return render(
                request,
                "votes/evote.html",
                {
                    "vote": vote,
                    "subjects": subjects,
                    "error": str(exc),
                    "levels": rules.LEVEL_LABELS,
                },
                status=400,
            )
    return render(
        request,
        "votes/evote.html",
        {"vote": vote, "subjects": subjects, "levels": rules.LEVEL_LABELS},
    )


# ---------------------------------------------------------------------------------------------
# Results and documents (CV8–CV12): every one through CV11
# ---------------------------------------------------------------------------------------------


@login_required
@never_cache
def results(request: HttpRequest, pk: int) -> HttpResponse:
    vote = _round(pk)
    rows = permissions.visible_results(request.user, vote)
    if not rows:
        raise PermissionDenied
    return render(
        request,
        "votes/results.html",
        {
            "vote": vote,
            "rows": rows,
            "denominator": rules.DENOMINATOR_LABELS[rules.Denominator(vote.denominator)],
            "reopenings": list(vote.reopenings.select_related("reopened_by")),
            "minutes_in_force": issuing.current(vote, services.MINUTES),
        },
    )


def _minutes_in_force(request: HttpRequest, pk: int) -> tuple[VoteRound, IssuedDocument | None]:
    """CV10/CV11: the round whose minutes this user may have, and the minutes in force, as
    issued when the count closed (None, with the reason in a message, if they cannot be)."""
    vote = _round(pk)
    if not permissions.can_see_minutes(request.user, vote):
        raise PermissionDenied
    try:
        return vote, services.minutes_in_force(actor=request.user, vote=vote)
    except VoteError as exc:
        messages.error(request, str(exc))
        return vote, None


def _copy_no(request: HttpRequest) -> int:
    copy = request.GET.get("copy", "1")
    return int(copy) if copy in {"1", "2", "3"} else 1


@login_required
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The three numbered copies in one PDF, byte for byte as issued (``?copy=N``: one copy)."""
    vote, doc = _minutes_in_force(request, pk)
    if doc is None:
        return redirect("votes:detail", vote.pk)
    if "copy" in request.GET:
        n = _copy_no(request)
        return issuing.response(doc, "pdf", f"bien-ban-kiem-phieu-{vote.pk}-ban-{n}.pdf", copy=n)
    return issuing.response(doc, "pdf", f"bien-ban-kiem-phieu-{vote.pk}.pdf")


@login_required
def minutes_docx(request: HttpRequest, pk: int) -> HttpResponse:
    vote, doc = _minutes_in_force(request, pk)
    if doc is None:
        return redirect("votes:detail", vote.pk)
    n = _copy_no(request)
    return issuing.response(doc, "docx", f"bien-ban-kiem-phieu-{vote.pk}-ban-{n}.docx", copy=n)


REPORT_FILES = {"pdf": "bao-cao-tin-nhiem-{pk}.pdf", "docx": "bao-cao-tin-nhiem-{pk}.docx"}
REPORT_FILES["xlsx"] = "ket-qua-tin-nhiem-{pk}.xlsx"


@login_required
def report(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """CV12: the report as sent (stored bytes); before it is sent, a live preview marked as a
    draft, without number."""
    vote = _round(pk)
    if not permissions.can_see_report(request.user, vote):
        raise PermissionDenied
    if fmt not in REPORT_FILES:
        raise Http404
    filename = REPORT_FILES[fmt].format(pk=vote.pk)
    sent = issuing.current(vote, services.REPORT)
    if sent is not None:
        return issuing.response(sent, fmt, filename)
    filename = filename.replace(f"-{vote.pk}.", f"-{vote.pk}-du-thao.")
    if fmt == "pdf":
        return _pdf(render_pdf(minutes.report_document(vote, draft=True)), filename)
    if fmt == "docx":
        return _pdf(render_docx(minutes.report_document(vote, draft=True)), filename, DOCX)
    return _pdf(minutes.report_xlsx(vote, f"Dự thảo — {vote.title}"), filename, XLSX)


@login_required
def issued_document(request: HttpRequest, pk: int, doc_pk: int, fmt: str) -> HttpResponse:
    """Any minutes or report issued for the round — the one in force or one it replaced —
    byte for byte as issued, to whoever may see that kind of document now."""
    vote = _round(pk)
    doc = get_object_or_404(
        IssuedDocument,
        pk=doc_pk,
        target_label="votes.voteround",
        target_id=str(vote.pk),
        kind__in=[services.MINUTES, services.REPORT],
    )
    if not permissions.can_see_issued(request.user, vote, doc.kind):
        raise PermissionDenied
    if fmt not in issuing.CONTENT_TYPES:
        raise Http404
    # A secret document's DOCX exists per numbered copy; its PDF also as the three in one.
    copy = _copy_no(request) if doc.secret and ("copy" in request.GET or fmt == "docx") else 0
    slug = "bien-ban-kiem-phieu" if doc.kind == services.MINUTES else "bao-cao-tin-nhiem"
    number = re.sub(r"[^0-9A-Za-z]+", "-", doc.number).strip("-") or str(doc.pk)
    name = f"{slug}-{vote.pk}-{number}{f'-ban-{copy}' if copy else ''}.{fmt}"
    return issuing.response(doc, fmt, name, copy=copy)


@login_required
def person_results(request: HttpRequest, person_pk: int) -> HttpResponse:
    """CV2: both places' results side by side, for whoever may see each of them."""
    person = get_object_or_404(Person, pk=person_pk)
    places = selectors.person_places(person)
    rows = [(s, s.result if permissions.can_see_result(request.user, s) else None) for s in places]
    if not any(r for _, r in rows):
        raise PermissionDenied
    return render(request, "votes/person.html", {"person": person, "rows": rows})
