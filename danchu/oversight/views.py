"""Pages of residents' oversight (LD11, LD12, QD3): thin — parse, check who may act, call a
service, render. Every page checks who may see what, scoped to the commune; a project's public
page shows residents what was found and answered without a login."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from danchu.core import clock
from danchu.documents import issuing
from danchu.documents.models import IssuedDocument
from danchu.oversight import forms as f
from danchu.oversight import permissions, rules, selectors, services
from danchu.oversight.models import (
    BoardInspection,
    BoardPaper,
    Inspection,
    InspectionBoard,
    Project,
    Recommendation,
    Supervision,
    SupervisionBoard,
)
from danchu.people.models import Person
from danchu.residents.models import Decision
from danchu.residents.rules import Matter
from danchu.units.models import AdminUnit, Level

PAGE = 30


def _problems(request: HttpRequest, problems: list[str]) -> None:
    for problem in problems:
        messages.error(request, problem)


def _form_errors(request: HttpRequest, form: Any) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for e in errors:
            messages.error(request, f"{label}: {e}" if label else str(e))


def _act(request: HttpRequest, form: Any, call: Callable[[dict[str, Any]], Any], ok: str) -> Any:
    """Validate the form, call the service, report each problem in Vietnamese."""
    if not form.is_valid():
        _form_errors(request, form)
        return None
    try:
        result = call(form.cleaned_data)
    except services.OversightError as refused:
        _problems(request, refused.problems)
        return None
    messages.success(request, ok)
    return result or True


def _front_communes(user: Any) -> Any:
    return AdminUnit.objects.filter(pk__in=selectors._front_communes(user)).order_by("name")


# --------------------------------------------------------------------------------------------
# Index
# --------------------------------------------------------------------------------------------


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    board_qs = selectors.boards(user).order_by("commune__name", "-term_starts_on")
    project_qs = selectors.projects(user).order_by("-starts_on", "name")
    inspection_qs = selectors.inspections(user).order_by("-planned_on")
    fronts = _front_communes(user)
    if not permissions.has_any_access(user):
        raise PermissionDenied
    today = clock.today()
    to_answer = [(r, selectors.answer_step(r, today)) for r in selectors.to_answer(user)[:50]]
    return render(
        request,
        "oversight/index.html",
        {
            "boards": Paginator(board_qs, PAGE).get_page(request.GET.get("bp")),
            "projects": Paginator(project_qs, PAGE).get_page(request.GET.get("pp")),
            "inspections": Paginator(inspection_qs, PAGE).get_page(request.GET.get("ip")),
            "to_answer": to_answer,
            "board_form": f.BoardForm(communes=fronts) if fronts else None,
            "project_form": f.ProjectForm(communes=fronts) if fronts else None,
            "can_inspect": _inspection_units(user).exists(),
        },
    )


# --------------------------------------------------------------------------------------------
# LD11 — the People's Inspection Board
# --------------------------------------------------------------------------------------------


@login_required
@require_POST
def board_new(request: HttpRequest) -> HttpResponse:
    fronts = _front_communes(request.user)
    if not fronts:
        raise PermissionDenied
    form = f.BoardForm(request.POST, communes=fronts)
    board = _act(
        request,
        form,
        lambda d: services.create_board(
            actor=request.user,
            commune=d["commune"],
            term_starts_on=d["term_starts_on"],
            term_ends_on=d["term_ends_on"],
            deputies_allowed=d["deputies_allowed"],
        ),
        "Đã lập Ban Thanh tra nhân dân.",
    )
    if isinstance(board, InspectionBoard):
        return redirect("oversight:board", board.pk)
    return redirect("oversight:index")


def _board(request: HttpRequest, pk: int) -> InspectionBoard:
    board = get_object_or_404(InspectionBoard.objects.select_related("commune"), pk=pk)
    if not permissions.can_see_board(request.user, board):
        raise Http404
    return board


def _member_form(board: InspectionBoard, data: Any = None, files: Any = None) -> f.MemberForm:
    commune = board.commune
    return f.MemberForm(
        data,
        files,
        people=Person.objects.filter(home_unit__path__startswith=commune.path).order_by(
            "family_name", "given_name"
        ),
        villages=AdminUnit.objects.filter(parent=commune, level=Level.VILLAGE).order_by("code"),
        decisions=Decision.objects.filter(commune=commune, matter=Matter.BOARD_MEMBERS.value),
    )


@login_required
@require_GET
def board(request: HttpRequest, pk: int) -> HttpResponse:
    b = _board(request, pk)
    today = clock.today()
    members = list(
        b.members.select_related("person", "village", "decision").order_by(
            "left_on", "village__code"
        )
    )
    inspections = Paginator(b.inspections.order_by("-inspection_on"), PAGE).get_page(
        request.GET.get("page")
    )
    vacancies = [
        (m, rules.by_election_needed(m.left_on, b.term_ends_on))
        for m in members
        if m.left_on is not None
    ]
    directs = permissions.can_direct_board(request.user, b)
    return render(
        request,
        "oversight/board.html",
        {
            "board": b,
            "members": members,
            "problems": selectors.board_summary(b, today),
            "vacancies": vacancies,
            "inspections": [(i, selectors.plan_step(i, today)) for i in inspections],
            "page": inspections,
            "member_form": _member_form(b) if directs else None,
            "directs": directs,
            "plan_form": f.BoardInspectionForm()
            if permissions.can_work_board(request.user, b)
            else None,
            "size": rules.board_size_range(len(services.villages_of(b.commune, today))),
            "papers": list(b.papers.select_related("document")[:20]),
            "paper_form": f.BoardPaperForm(initial={"year": today.year})
            if permissions.can_work_board(request.user, b)
            else None,
        },
    )


@login_required
@require_POST
def member_new(request: HttpRequest, pk: int) -> HttpResponse:
    b = _board(request, pk)
    if not permissions.can_direct_board(request.user, b):
        raise PermissionDenied
    form = _member_form(b, request.POST, request.FILES)
    _act(
        request,
        form,
        lambda d: services.elect_member(
            actor=request.user,
            board=b,
            person=d["person"],
            village=d["village"],
            officer=rules.Officer(d["officer"]),
            elected_on=d["elected_on"],
            decision=d["decision"],
            minutes_ref=d["minutes_ref"],
            minutes=d["minutes"],
            reason=d["reason"],
        ),
        "Đã ghi thành viên.",
    )
    return redirect("oversight:board", b.pk)


@login_required
@require_POST
def member_leave(request: HttpRequest, pk: int, member: int) -> HttpResponse:
    b = _board(request, pk)
    if not permissions.can_direct_board(request.user, b):
        raise PermissionDenied
    m = get_object_or_404(b.members, pk=member)
    form = f.LeaveForm(request.POST)
    needed = _act(
        request,
        form,
        lambda d: services.vacate_seat(actor=request.user, member=m, reason=d["reason"]) or "no",
        "Đã ghi thành viên thôi giữ chức.",
    )
    if needed is True:
        messages.info(request, "Còn ít nhất 06 tháng nhiệm kỳ: bầu bổ sung thành viên — LD11")
    elif needed == "no":
        messages.info(request, "Còn dưới 06 tháng nhiệm kỳ: không bầu bổ sung — LD11")
    return redirect("oversight:board", b.pk)


@login_required
@require_POST
def board_paper(request: HttpRequest, pk: int) -> HttpResponse:
    b = _board(request, pk)
    if not permissions.can_work_board(request.user, b):
        raise PermissionDenied
    _act(
        request,
        f.BoardPaperForm(request.POST),
        lambda d: services.issue_board_paper(
            actor=request.user,
            board=b,
            is_plan=d["is_plan"],
            period=rules.Period(d["period"]),
            year=d["year"],
            part=d["part"],
            content=d["content"],
        ),
        "Đã ban hành văn bản.",
    )
    return redirect("oversight:board", b.pk)


@login_required
@require_POST
def board_inspection_new(request: HttpRequest, pk: int) -> HttpResponse:
    b = _board(request, pk)
    if not permissions.can_work_board(request.user, b):
        raise PermissionDenied
    form = f.BoardInspectionForm(request.POST)
    bi = _act(
        request,
        form,
        lambda d: services.plan_board_inspection(
            actor=request.user,
            board=b,
            subject=d["subject"],
            target=d["target"],
            inspection_on=d["inspection_on"],
        ),
        "Đã lập kế hoạch kiểm tra.",
    )
    if isinstance(bi, BoardInspection):
        return redirect("oversight:board_inspection", bi.pk)
    return redirect("oversight:board", b.pk)


def _board_inspection(request: HttpRequest, pk: int) -> BoardInspection:
    bi = get_object_or_404(BoardInspection.objects.select_related("board__commune"), pk=pk)
    if not permissions.can_see_board(request.user, bi.board):
        raise Http404
    return bi


@login_required
@require_GET
def board_inspection(request: HttpRequest, pk: int) -> HttpResponse:
    bi = _board_inspection(request, pk)
    today = clock.today()
    works = permissions.can_work_board(request.user, bi.board)
    recs = list(bi.recommendations.select_related("answer_document"))
    return render(
        request,
        "oversight/board_inspection.html",
        {
            "bi": bi,
            "plan": selectors.plan_step(bi, today),
            "recs": [(r, selectors.answer_step(r, today)) for r in recs],
            "documents": issuing.history(bi),
            "send_form": f.SendForm() if works and bi.plan_sent_on is None else None,
            "findings_form": f.FindingsForm()
            if works and bi.reported_on is None and today >= bi.inspection_on
            else None,
        },
    )


@login_required
@require_POST
def plan_send(request: HttpRequest, pk: int) -> HttpResponse:
    bi = _board_inspection(request, pk)
    if not permissions.can_work_board(request.user, bi.board):
        raise PermissionDenied
    _act(
        request,
        f.SendForm(request.POST, request.FILES),
        lambda d: services.send_plan(
            actor=request.user,
            inspection=bi,
            on=d["on"],
            reason=d["reason"],
            evidence=d["evidence"],
        ),
        "Đã ghi ngày gửi kế hoạch.",
    )
    return redirect("oversight:board_inspection", bi.pk)


@login_required
@require_POST
def board_findings(request: HttpRequest, pk: int) -> HttpResponse:
    bi = _board_inspection(request, pk)
    if not permissions.can_work_board(request.user, bi.board):
        raise PermissionDenied
    _act(
        request,
        f.FindingsForm(request.POST),
        lambda d: services.report_board_findings(
            actor=request.user,
            inspection=bi,
            findings=d["findings"],
            recommendations=f.lines(d["recommendations"]),
        ),
        "Đã ghi kết quả kiểm tra; kiến nghị đã chuyển UBND xã.",
    )
    return redirect("oversight:board_inspection", bi.pk)


# --------------------------------------------------------------------------------------------
# Recommendations and answers (LD11, LD12, QD3)
# --------------------------------------------------------------------------------------------


def _recommendation(request: HttpRequest, pk: int) -> Recommendation:
    rec = get_object_or_404(
        Recommendation.objects.select_related(
            "commune",
            "board_inspection__board",
            "supervision__board__project",
            "inspection",
            "answer_document",
        ),
        pk=pk,
    )
    user = request.user
    if rec.board_inspection is not None:
        ok = permissions.can_see_board(user, rec.board_inspection.board)
    elif rec.supervision is not None:
        ok = permissions.can_see_project(user, rec.supervision.board.project)
    else:
        ok = rec.inspection is not None and permissions.can_see_inspection(user, rec.inspection)
    if not ok and not permissions.can_answer(user, rec.commune):
        raise Http404
    return rec


@login_required
@require_GET
def recommendation(request: HttpRequest, pk: int) -> HttpResponse:
    rec = _recommendation(request, pk)
    can = permissions.can_answer(request.user, rec.commune) and rec.answered_on is None
    return render(
        request,
        "oversight/recommendation.html",
        {
            "rec": rec,
            "step": selectors.answer_step(rec),
            "answer_form": f.AnswerForm() if can else None,
        },
    )


@login_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    rec = _recommendation(request, pk)
    if not permissions.can_answer(request.user, rec.commune):
        raise PermissionDenied
    _act(
        request,
        f.AnswerForm(request.POST, request.FILES),
        lambda d: services.answer_recommendation(
            actor=request.user,
            recommendation=rec,
            answer=d["answer"],
            on=d["on"],
            reason=d["reason"],
            evidence=d["evidence"],
        ),
        "Đã ghi và ban hành văn bản trả lời.",
    )
    return redirect("oversight:recommendation", rec.pk)


# --------------------------------------------------------------------------------------------
# LD12 — projects and their supervision boards
# --------------------------------------------------------------------------------------------


def _villages(commune: AdminUnit) -> Any:
    return AdminUnit.objects.filter(parent=commune, level=Level.VILLAGE).order_by("code")


@login_required
@require_POST
def project_new(request: HttpRequest) -> HttpResponse:
    fronts = _front_communes(request.user)
    if not fronts:
        raise PermissionDenied
    form = f.ProjectForm(request.POST, communes=fronts)

    def call(d: dict[str, Any]) -> Project:
        names = f.lines(d["villages"])
        known = {v.name.casefold(): v for v in _villages(d["commune"])}
        missing = [n for n in names if n.casefold() not in known]
        if missing:
            raise services.OversightError(
                [f"Thôn «{n}» không thuộc {d['commune'].name}." for n in missing]
            )
        return services.create_project(
            actor=request.user,
            commune=d["commune"],
            name=d["name"],
            kind=rules.ProjectKind(d["kind"]),
            investor=d["investor"],
            funding=d["funding"],
            villages=[known[n.casefold()] for n in names],
            starts_on=d["starts_on"],
            ends_on=d["ends_on"],
            amount=d["amount"],
            consultants=f.lines(d["consultants"]),
            contractors=f.lines(d["contractors"]),
        )

    project = _act(request, form, call, "Đã ghi dự án.")
    if isinstance(project, Project):
        return redirect("oversight:project", project.pk)
    return redirect("oversight:index")


def _project(request: HttpRequest, pk: int) -> Project:
    project = get_object_or_404(Project.objects.select_related("commune"), pk=pk)
    if not permissions.can_see_project(request.user, project):
        raise Http404
    return project


def _supervisions(project: Project) -> list[Supervision]:
    board = SupervisionBoard.objects.filter(project=project).first()
    if board is None:
        return []
    return list(
        board.supervisions.prefetch_related("recommendations__answer_document").order_by(
            "supervision_on"
        )
    )


@login_required
@require_GET
def project(request: HttpRequest, pk: int) -> HttpResponse:
    p = _project(request, pk)
    today = clock.today()
    board = SupervisionBoard.objects.filter(project=p).first()
    directs = permissions.can_direct_project(request.user, p)
    works = permissions.can_work_supervision(request.user, p)
    supervisions = [
        (
            s,
            selectors.investor_step(s, today),
            [(r, selectors.answer_step(r, today)) for r in s.recommendations.all()],
        )
        for s in _supervisions(p)
    ]
    return render(
        request,
        "oversight/project.html",
        {
            "project": p,
            "villages": list(p.villages.order_by("code")),
            "board": board,
            "members": list(board.members.select_related("village")) if board else [],
            "supervisions": supervisions,
            "directs": directs,
            "formset": f.SupervisionMemberFormSet(form_kwargs={"villages": p.villages.all()})
            if directs and board is None
            else None,
            "supervision_form": f.SupervisionForm() if works and board and not p.ended_on else None,
            "findings_form": f.FindingsForm() if works else None,
            "end_form": f.EndForm() if directs and not p.ended_on else None,
            "send_form": f.SendForm() if directs else None,
            "today": today,
        },
    )


@login_required
@require_POST
def board_setup(request: HttpRequest, pk: int) -> HttpResponse:
    p = _project(request, pk)
    if not permissions.can_direct_project(request.user, p):
        raise PermissionDenied
    formset = f.SupervisionMemberFormSet(request.POST, form_kwargs={"villages": p.villages.all()})
    if not formset.is_valid():
        for i, form in enumerate(formset.forms, start=1):
            for field, errors in form.errors.items():
                for e in errors:
                    messages.error(request, f"Dòng {i}, {form.fields[field].label}: {e}")
        for e in formset.non_form_errors():
            messages.error(request, str(e))
        return redirect("oversight:project", p.pk)
    members = [
        services.MemberInput(
            name=d["name"],
            origin=rules.Origin(d["origin"]),
            officer=rules.Officer(d["officer"]),
            no_relatives=d["no_relatives"],
            not_commune_official=d["not_commune_official"],
            village=d["village"],
        )
        for d in formset.cleaned_data
        if d and d.get("name", "").strip()
    ]
    try:
        services.set_up_supervision_board(actor=request.user, project=p, members=members)
    except services.OversightError as refused:
        _problems(request, refused.problems)
    else:
        messages.success(request, "Đã thành lập Ban Giám sát đầu tư của cộng đồng.")
    return redirect("oversight:project", p.pk)


@login_required
@require_POST
def supervision_new(request: HttpRequest, pk: int) -> HttpResponse:
    p = _project(request, pk)
    if not permissions.can_work_supervision(request.user, p):
        raise PermissionDenied
    _act(
        request,
        f.SupervisionForm(request.POST),
        lambda d: services.plan_supervision(
            actor=request.user, project=p, supervision_on=d["supervision_on"], content=d["content"]
        ),
        "Đã lập kế hoạch giám sát.",
    )
    return redirect("oversight:project", p.pk)


def _supervision(request: HttpRequest, pk: int) -> Supervision:
    s = get_object_or_404(Supervision.objects.select_related("board__project__commune"), pk=pk)
    if not permissions.can_see_project(request.user, s.board.project):
        raise Http404
    return s


@login_required
@require_POST
def investor_notice(request: HttpRequest, pk: int) -> HttpResponse:
    s = _supervision(request, pk)
    if not permissions.can_direct_project(request.user, s.board.project):
        raise PermissionDenied
    _act(
        request,
        f.SendForm(request.POST, request.FILES),
        lambda d: services.notify_investor(
            actor=request.user,
            supervision=s,
            on=d["on"],
            reason=d["reason"],
            evidence=d["evidence"],
        ),
        "Đã ghi thông báo cho chủ đầu tư.",
    )
    return redirect("oversight:project", s.board.project_id)


@login_required
@require_POST
def supervision_findings(request: HttpRequest, pk: int) -> HttpResponse:
    s = _supervision(request, pk)
    if not permissions.can_work_supervision(request.user, s.board.project):
        raise PermissionDenied

    def call(d: dict[str, Any]) -> Supervision:
        texts = f.lines(d["recommendations"])
        recs = [(t, d["suspension"] and i == 0) for i, t in enumerate(texts)]
        return services.report_supervision(
            actor=request.user, supervision=s, findings=d["findings"], recommendations=recs
        )

    _act(request, f.FindingsForm(request.POST), call, "Đã ghi kết quả giám sát.")
    return redirect("oversight:project", s.board.project_id)


@login_required
@require_POST
def project_end(request: HttpRequest, pk: int) -> HttpResponse:
    p = _project(request, pk)
    if not permissions.can_direct_project(request.user, p):
        raise PermissionDenied
    _act(
        request,
        f.EndForm(request.POST, request.FILES),
        lambda d: services.end_project(
            actor=request.user, project=p, on=d["on"], reason=d["reason"], evidence=d["evidence"]
        ),
        "Đã ghi dự án kết thúc; Ban Giám sát tự giải thể.",
    )
    return redirect("oversight:project", p.pk)


@require_GET
def public_project(request: HttpRequest, pk: int) -> HttpResponse:
    """LD12: residents see the project, its board, what was found and what was answered."""
    p = get_object_or_404(Project.objects.select_related("commune"), pk=pk)
    board = SupervisionBoard.objects.filter(project=p).first()
    return render(
        request,
        "oversight/public_project.html",
        {
            "project": p,
            "villages": list(p.villages.order_by("code")),
            "board": board,
            "members": list(board.members.select_related("village")) if board else [],
            "supervisions": [
                (s, list(s.recommendations.all()))
                for s in _supervisions(p)
                if s.reported_on is not None
            ],
        },
    )


@require_GET
def public_projects(request: HttpRequest, pk: int) -> HttpResponse:
    """LD12: a commune's supervised projects, for residents."""
    commune = get_object_or_404(AdminUnit, pk=pk, level=Level.COMMUNE)
    page = Paginator(selectors.public_projects(commune.pk).order_by("-starts_on", "name"), PAGE)
    return render(
        request,
        "oversight/public_projects.html",
        {"commune": commune, "page": page.get_page(request.GET.get("page"))},
    )


@require_GET
def public_document(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """LD12: the reports and answers of a project's supervision, served as issued."""
    doc = get_object_or_404(IssuedDocument, pk=pk)
    public = False
    if doc.kind == "oversight.supervision_report":
        public = Supervision.objects.filter(pk=doc.target_id).exists()
    elif doc.kind == "oversight.answer":
        public = Recommendation.objects.filter(pk=doc.target_id, supervision__isnull=False).exists()
    if not public or fmt not in issuing.formats(doc):
        raise Http404
    return issuing.response(doc, fmt, f"{doc.number or doc.pk}.{fmt}".replace("/", "-"))


# --------------------------------------------------------------------------------------------
# QD3 — inspections
# --------------------------------------------------------------------------------------------


def _inspection_units(user: Any) -> Any:
    from danchu.accounts.models import RoleAssignment

    roots = [
        ra.unit
        for ra in RoleAssignment.objects.current()
        .filter(user=user, role__in=list(permissions.INSPECTORS), unit__isnull=False)
        .select_related("unit")
    ]
    if not roots:
        return AdminUnit.objects.none()
    from django.db.models import Q

    cond = Q()
    for r in roots:
        if r is not None:
            cond |= Q(path__startswith=r.path)
    return AdminUnit.objects.filter(cond, level__lte=Level.COMMUNE).order_by("path")


@login_required
def inspection_new(request: HttpRequest) -> HttpResponse:
    units = _inspection_units(request.user)
    if not units.exists():
        raise PermissionDenied
    form = f.InspectionForm(request.POST or None, units=units)
    if request.method == "POST":
        inspection = _act(
            request,
            form,
            lambda d: services.plan_inspection(
                actor=request.user,
                inspecting_unit=d["inspecting_unit"],
                target_unit=d["target_unit"],
                target_kind=rules.TargetKind(d["target_kind"]),
                target_name=d["target_name"],
                kind=rules.InspectionKind(d["kind"]),
                title=d["title"],
                planned_on=d["planned_on"],
                team=f.lines(d["team"]),
            ),
            "Đã lập kế hoạch kiểm tra.",
        )
        if isinstance(inspection, Inspection):
            return redirect("oversight:inspection", inspection.pk)
    return render(request, "oversight/inspection_new.html", {"form": form})


def _inspection(request: HttpRequest, pk: int) -> Inspection:
    i = get_object_or_404(
        Inspection.objects.select_related("inspecting_unit", "target_unit", "conclusion"), pk=pk
    )
    if not permissions.can_see_inspection(request.user, i):
        raise Http404
    return i


@login_required
@require_GET
def inspection(request: HttpRequest, pk: int) -> HttpResponse:
    i = _inspection(request, pk)
    today = clock.today()
    runs = permissions.can_run_inspection(request.user, i.inspecting_unit)
    return render(
        request,
        "oversight/inspection.html",
        {
            "i": i,
            "findings": list(i.findings.all()),
            "recs": [(r, selectors.answer_step(r, today)) for r in i.recommendations.all()],
            "form": f.ConclusionForm() if runs and i.concluded_on is None else None,
            "kind_label": rules.INSPECTION_KIND_LABEL[rules.InspectionKind(i.kind)],
        },
    )


@login_required
@require_POST
def conclude(request: HttpRequest, pk: int) -> HttpResponse:
    i = _inspection(request, pk)
    if not permissions.can_run_inspection(request.user, i.inspecting_unit):
        raise PermissionDenied
    _act(
        request,
        f.ConclusionForm(request.POST),
        lambda d: services.conclude_inspection(
            actor=request.user,
            inspection=i,
            findings=d["findings"],
            recommendations=d["recommendations"],
            request=request,
        ),
        "Đã ban hành kết luận kiểm tra.",
    )
    return redirect("oversight:inspection", i.pk)


# --------------------------------------------------------------------------------------------
# Documents, served as issued to those who see the record
# --------------------------------------------------------------------------------------------


@login_required
@require_GET
def document(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    doc = get_object_or_404(IssuedDocument, pk=pk, kind__startswith="oversight.")
    user = request.user
    ok = False
    if doc.kind == "oversight.board_paper":
        paper = BoardPaper.objects.select_related("board__commune").filter(pk=doc.target_id)
        ok = any(permissions.can_see_board(user, p.board) for p in paper)
    elif doc.kind in ("oversight.board_plan", "oversight.board_report"):
        bi = BoardInspection.objects.select_related("board__commune").filter(pk=doc.target_id)
        ok = any(permissions.can_see_board(user, b.board) for b in bi)
    elif doc.kind in ("oversight.investor_notice", "oversight.supervision_report"):
        sv = Supervision.objects.select_related("board__project__commune").filter(pk=doc.target_id)
        ok = any(permissions.can_see_project(user, s.board.project) for s in sv)
    elif doc.kind == "oversight.answer":
        rec = Recommendation.objects.filter(pk=doc.target_id).first()
        if rec is not None:
            try:
                _recommendation(request, rec.pk)
                ok = True
            except Http404:
                ok = False
    elif doc.kind == "oversight.conclusion":
        ins = Inspection.objects.select_related("inspecting_unit", "target_unit").filter(
            pk=doc.target_id
        )
        ok = any(permissions.can_see_inspection(user, i) for i in ins)
    if not ok or fmt not in issuing.formats(doc):
        raise Http404
    return issuing.response(doc, fmt, f"{doc.number or doc.pk}.{fmt}".replace("/", "-"))
