"""Pages of the yearly classification: thin, every one checks access scoped to the unit."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danchu.classification import (
    counting,
    documents,
    permissions,
    rules,
    scheme_io,
    selectors,
    services,
)
from danchu.classification.forms import (
    ActionForm,
    ApologyForm,
    AssessmentForm,
    CriterionFormSet,
    DayForm,
    IndicatorFactsForm,
    LettersForm,
    ReasonForm,
    ReviewForm,
    RoundForm,
    SchemeForm,
    SchemeImportForm,
    VisitForm,
)
from danchu.classification.models import (
    DECISION_KIND,
    ApologyCase,
    Assessment,
    AssessmentStatus,
    ConsequenceAction,
    OfficialRating,
    Round,
    Scheme,
)
from danchu.core import clock
from danchu.units.models import AdminUnit

PAGE = 50


def _provinces(user: Any) -> Any:
    ids = [p.pk for p in permissions.managed_provinces(user)]
    return AdminUnit.objects.filter(pk__in=ids).order_by("name")


def _error(request: HttpRequest, exc: services.ClassificationError | counting.InputError) -> None:
    for problem in exc.problems:
        messages.error(request, problem)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    rounds = selectors.rounds_for(request.user).order_by("-year", "province__name")
    page = Paginator(rounds, PAGE).get_page(request.GET.get("page"))
    mine = (
        Assessment.objects.filter(commune__in=permissions.my_communes(request.user))
        .select_related("round", "commune")
        .order_by("-round__year", "commune__name")[:20]
    )
    manages = bool(permissions.managed_provinces(request.user))
    from django.db.models import Q

    districts = permissions.reviewed_districts(request.user)
    in_districts = Q(pk__in=[])
    for d in districts:
        in_districts |= Q(commune__path__startswith=d.path)
    to_review = (
        Assessment.objects.filter(in_districts, status=AssessmentStatus.SUBMITTED)
        .select_related("round", "commune")
        .order_by("round__year", "commune__name")[:PAGE]
        if districts
        else []
    )
    if not page.object_list and not mine and not manages and not districts:
        raise PermissionDenied
    return render(
        request,
        "classification/index.html",
        {
            "page": page,
            "mine": mine,
            "to_review": to_review,
            "manages": manages,
            "why": rules.TSVM_INDEPENDENT_OF_CLASS,
        },
    )


@login_required
@require_GET
def schemes(request: HttpRequest) -> HttpResponse:
    provinces = _provinces(request.user)
    if not provinces:
        raise PermissionDenied
    page = Paginator(selectors.schemes_for(request.user), PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "classification/schemes.html",
        {"page": page, "import_form": SchemeImportForm(provinces=provinces)},
    )


def _scheme_for(request: HttpRequest, pk: int) -> Scheme:
    scheme = get_object_or_404(Scheme.objects.select_related("province"), pk=pk)
    if not permissions.can_manage(request.user, scheme.province):
        raise PermissionDenied
    return scheme


@login_required
@require_GET
def scheme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = _scheme_for(request, pk)
    if request.GET.get("format") == "xlsx":
        from danchu.web.responses import XLSX, file_response

        return file_response(
            scheme_io.export_xlsx(scheme), f"tieu-thuc-{scheme.year}-v{scheme.version}.xlsx", XLSX
        )
    return render(
        request,
        "classification/scheme.html",
        {
            "scheme": scheme,
            "criteria": scheme.criteria.all(),
            "thresholds": _thresholds(scheme),
            "levels": list(scheme.level_labels().values()),
        },
    )


def _thresholds(scheme: Scheme) -> list[tuple[str, Any]]:
    t = scheme.thresholds()
    rows = [(rules.GRADE_LABELS[g], t.grades.get(g)) for g in rules.GRADE_ORDER]
    return [*rows, (rules.TSVM_LABEL, t.tsvm)]


@login_required
@require_http_methods(["GET", "POST"])
def scheme_edit(request: HttpRequest) -> HttpResponse:
    """A new scheme, or the next version of one (``?from=<id>``): a saved version never
    changes."""
    provinces = _provinces(request.user)
    if not provinces:
        raise PermissionDenied
    base = None
    if request.GET.get("from", "").isdigit():
        base = _scheme_for(request, int(request.GET["from"]))
    initial: dict[str, Any] = {"year": clock.today().year}
    rows: list[dict[str, Any]] = []
    if base is not None:
        initial = {
            "province": base.province,
            "year": base.year,
            "name": base.name,
            "basis": base.basis,
            "illustrative": base.illustrative,
            **{f"level_{lv.value}": name for lv, name in base.level_labels().items()},
            **{
                k: rules.points_text(v) if v is not None else ""
                for k, v in (
                    ("tot", base.tot_from),
                    ("kha", base.kha_from),
                    ("trung_binh", base.trung_binh_from),
                    ("yeu", base.yeu_from),
                    ("tsvm", base.tsvm_from),
                )
            },
        }
        rows = [
            {
                "code": c.code,
                "name": c.name,
                "max_points": rules.points_text(c.max_points),
                "position": c.position,
                "sub_items": c.sub_items,
            }
            for c in base.criteria.all()
        ]
    if request.method == "POST":
        form = SchemeForm(request.POST, provinces=provinces)
        formset = CriterionFormSet(request.POST, prefix="c")
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            criteria = [
                services.CriterionData(
                    f["code"], f["name"], f["max_points"], f["position"], f["sub_items"]
                )
                for f in formset.cleaned_data
                if f and f.get("code")
            ]
            try:
                scheme = services.save_scheme(
                    actor=request.user,
                    province=data["province"],
                    year=data["year"],
                    name=data["name"],
                    basis=data["basis"],
                    illustrative=data["illustrative"],
                    thresholds={k: data[k] for k in ("tot", "kha", "trung_binh", "yeu", "tsvm")},
                    levels={lv.value: data[f"level_{lv.value}"] for lv in rules.Level},
                    criteria=criteria,
                    request=request,
                )
            except services.ClassificationError as exc:
                _error(request, exc)
            else:
                messages.success(
                    request, _("Scheme saved as version %(v)s.") % {"v": scheme.version}
                )
                return redirect("classification:scheme", scheme.pk)
    else:
        form = SchemeForm(initial=initial, provinces=provinces)
        formset = CriterionFormSet(initial=rows, prefix="c")
    return render(
        request, "classification/scheme_form.html", {"form": form, "formset": formset, "base": base}
    )


@login_required
@require_POST
def scheme_import(request: HttpRequest) -> HttpResponse:
    provinces = _provinces(request.user)
    if not provinces:
        raise PermissionDenied
    form = SchemeImportForm(request.POST, request.FILES, provinces=provinces)
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, str(e))
        return redirect("classification:schemes")
    data = form.cleaned_data
    try:
        criteria, thresholds = scheme_io.import_xlsx(data["file"].read())
        scheme = services.save_scheme(
            actor=request.user,
            province=data["province"],
            year=data["year"],
            name=data["name"],
            thresholds=thresholds,
            criteria=criteria,
            request=request,
        )
    except (counting.InputError, services.ClassificationError) as exc:
        _error(request, exc)
        return redirect("classification:schemes")
    messages.success(request, _("Scheme saved as version %(v)s.") % {"v": scheme.version})
    return redirect("classification:scheme", scheme.pk)


@login_required
@require_http_methods(["GET", "POST"])
def round_new(request: HttpRequest) -> HttpResponse:
    schemes_qs = selectors.schemes_for(request.user)
    if not permissions.managed_provinces(request.user):
        raise PermissionDenied
    form = RoundForm(request.POST or None, schemes=schemes_qs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        scheme = data["scheme"]
        if not permissions.can_manage(request.user, scheme.province):
            raise PermissionDenied
        try:
            round_ = services.open_round(
                actor=request.user,
                province=scheme.province,
                year=data["year"],
                scheme=scheme,
                targets=data["targets"],
                self_assessment_due=data["self_assessment_due"],
                review_due=data["review_due"],
                decision_due=data["decision_due"],
                request=request,
            )
        except services.ClassificationError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("The year is open."))
            return redirect("classification:round", round_.pk)
    return render(request, "classification/round_form.html", {"form": form})


def _round_for(request: HttpRequest, pk: int) -> Round:
    round_ = get_object_or_404(Round.objects.select_related("province", "scheme"), pk=pk)
    if not permissions.can_view_round(request.user, round_):
        raise PermissionDenied
    return round_


@login_required
@require_GET
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """GR1 dashboard: counts per class and TSVM against the targets and last year; the files."""
    round_ = _round_for(request, pk)
    board = selectors.dashboard(round_)
    if request.GET.get("format") == "xlsx":
        from danchu.web.responses import XLSX, file_response

        return file_response(documents.dashboard_xlsx(board), f"xep-loai-{round_.year}.xlsx", XLSX)
    page = Paginator(board.results, PAGE).get_page(request.GET.get("page"))
    from danchu.documents import issuing

    decision = issuing.current(round_, DECISION_KIND)
    actions = ConsequenceAction.objects.filter(assessment__round=round_).select_related(
        "assessment__commune"
    )
    return render(
        request,
        "classification/round.html",
        {
            "round": round_,
            "actions": actions,
            "today": clock.today(),
            "gr4_days": services.GR4_DAYS,
            "board": board,
            "page": page,
            "decision": decision,
            "can_manage": permissions.can_manage(request.user, round_.province),
            "why": rules.TSVM_INDEPENDENT_OF_CLASS,
            "max_chart": max([1, *board.counts.values()]),
        },
    )


@login_required
@require_POST
def round_decide(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round_for(request, pk)
    if not permissions.can_manage(request.user, round_.province):
        raise PermissionDenied
    try:
        doc = services.issue_decision(actor=request.user, round_=round_, request=request)
    except services.ClassificationError as exc:
        _error(request, exc)
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Decision %(n)s issued.") % {"n": doc.number})
    return redirect("classification:round", round_.pk)


@login_required
@require_GET
def decision_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    round_ = _round_for(request, pk)
    from danchu.documents import issuing

    doc = issuing.current(round_, DECISION_KIND)
    if doc is None or fmt not in issuing.formats(doc):
        raise Http404
    return issuing.response(doc, fmt, f"quyet-dinh-xep-loai-{round_.year}.{fmt}")


def _assessment_for(request: HttpRequest, pk: int) -> Assessment:
    a = get_object_or_404(
        Assessment.objects.select_related("round__province", "round__scheme", "commune"), pk=pk
    )
    if not permissions.can_view_assessment(request.user, a):
        raise PermissionDenied
    return a


def _reports(a: Assessment) -> list[dict[str, Any]]:
    """GR6: each period's report, issued or not, with its last day."""
    from danchu.documents import issuing

    return [
        {
            "period": period,
            "label": rules.REPORT_PERIODS[period],
            "last_day": rules.report_last_day(period, a.round.year),
            "doc": issuing.current(a, kind),
        }
        for period, kind in services.REPORT_KINDS.items()
    ]


@login_required
@require_http_methods(["GET", "POST"])
def assessment(request: HttpRequest, pk: int) -> HttpResponse:
    """A commune's file: self-assessment (commune), submission (chairman), review (province)."""
    a = _assessment_for(request, pk)
    scores = list(a.scores.select_related("criterion"))
    open_ = a.round.status == "open"
    can_prepare = open_ and a.editable_by_commune and permissions.can_prepare(request.user, a)
    can_review = open_ and a.status == "submitted" and permissions.can_review(request.user, a)
    form = AssessmentForm(scores=scores, initial={"explanation": a.explanation})
    review = ReviewForm(
        scores=scores, initial={"last_year": a.last_year, "year_before": a.year_before}
    )
    action = request.POST.get("action", "")
    if request.method == "POST":
        try:
            if action in ("save", "submit"):
                if not can_prepare:
                    raise PermissionDenied
                form = AssessmentForm(request.POST, request.FILES, scores=scores)
                if form.is_valid():
                    d = form.cleaned_data
                    services.save_self_assessment(
                        actor=request.user,
                        assessment=a,
                        explanation=d["explanation"],
                        scores={
                            s.criterion_id: services.ScoreInput(
                                d[f"c{s.criterion_id}_points"],
                                d[f"c{s.criterion_id}_explanation"],
                                d[f"c{s.criterion_id}_link"],
                                d[f"c{s.criterion_id}_evidence"],
                            )
                            for s in scores
                        },
                        request=request,
                    )
                    if action == "submit":
                        if not permissions.can_submit(request.user, a):
                            raise PermissionDenied
                        services.submit(actor=request.user, assessment=a, request=request)
                        messages.success(request, _("Submitted for review."))
                    else:
                        messages.success(request, _("Saved."))
                    return redirect("classification:assessment", a.pk)
            elif action == "review":
                if not can_review:
                    raise PermissionDenied
                review = ReviewForm(request.POST, scores=scores)
                if review.is_valid():
                    d = review.cleaned_data
                    services.review(
                        actor=request.user,
                        assessment=a,
                        changes={
                            s.criterion_id: (
                                d[f"r{s.criterion_id}_points"],
                                d[f"r{s.criterion_id}_reason"],
                            )
                            for s in scores
                        },
                        last_year=d["last_year"],
                        year_before=d["year_before"],
                        request=request,
                    )
                    messages.success(request, _("Reviewed."))
                    return redirect("classification:assessment", a.pk)
            elif action == "return":
                if not can_review:
                    raise PermissionDenied
                reason_form = ReasonForm(request.POST)
                if reason_form.is_valid():
                    services.return_for_correction(
                        actor=request.user,
                        assessment=a,
                        reason=reason_form.cleaned_data["reason"],
                        request=request,
                    )
                    messages.success(request, _("Returned to the commune for correction."))
                    return redirect("classification:assessment", a.pk)
                messages.error(request, _("Returning a file needs a reason."))
            else:
                raise PermissionDenied
        except services.ClassificationError as exc:
            _error(request, exc)
    result = selectors.result_of(a, scores)
    return render(
        request,
        "classification/assessment.html",
        {
            "a": a,
            "result": result,
            "form": form,
            "review": review,
            "reason_form": ReasonForm(),
            "can_prepare": can_prepare,
            "can_submit": can_prepare and permissions.can_submit(request.user, a),
            "can_review": can_review,
            "can_view_round": permissions.can_view_round(request.user, a.round),
            "apologies": selectors.apologies_of(a),
            "reports": _reports(a),
            "can_report": permissions.can_prepare(request.user, a),
            "why": rules.TSVM_INDEPENDENT_OF_CLASS,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def officials(request: HttpRequest, pk: int) -> HttpResponse:
    """GR2/GR3: the yearly rating of the commune's officials: every cap and input shown, the
    commune proposes (never above the cap), the deciding authority decides."""
    a = _assessment_for(request, pk)
    can_propose = a.status == AssessmentStatus.REVIEWED and permissions.can_prepare(request.user, a)
    can_decide = permissions.can_manage(request.user, a.round.province)
    people = selectors.officials(a)
    if request.method == "POST":
        action = request.POST.get("action", "")
        level_code = request.POST.get("level", "")
        if level_code not in {lv.value for lv in rules.Level}:
            messages.error(request, _("Choose a level."))
            return redirect("classification:officials", a.pk)
        level = rules.Level(level_code)
        try:
            if action == "propose":
                if not can_propose:
                    raise PermissionDenied
                official = next(
                    (o for o in people if str(o.person.pk) == request.POST.get("person")), None
                )
                if official is None:
                    raise Http404
                services.propose_rating(
                    actor=request.user,
                    assessment=a,
                    person=official.person,
                    position=official.position,
                    position_code=official.position_code,
                    criteria=official.criteria,
                    level=level,
                    request=request,
                )
                messages.success(request, _("Proposal recorded."))
            elif action == "decide":
                if not can_decide:
                    raise PermissionDenied
                rating = get_object_or_404(
                    OfficialRating.objects.select_related("assessment"),
                    pk=request.POST.get("rating")
                    if str(request.POST.get("rating")).isdigit()
                    else 0,
                    assessment=a,
                )
                services.decide_rating(
                    actor=request.user,
                    rating=rating,
                    level=level,
                    override_reason=request.POST.get("reason", ""),
                    request=request,
                )
                messages.success(request, _("Decision recorded."))
            else:
                raise PermissionDenied
        except services.ClassificationError as exc:
            _error(request, exc)
        return redirect("classification:officials", a.pk)
    result = selectors.result_of(a)
    return render(
        request,
        "classification/officials.html",
        {
            "a": a,
            "result": result,
            "people": people,
            "levels": list(
                ((lv.value, name) for lv, name in a.round.scheme.level_labels().items())
            ),
            "can_propose": can_propose,
            "can_decide": can_decide,
        },
    )


@login_required
@require_POST
def action_record(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    """GR4: record what was done about a consequence (Home Affairs of the province)."""
    round_ = _round_for(request, pk)
    if not permissions.can_manage(request.user, round_.province):
        raise PermissionDenied
    action = get_object_or_404(ConsequenceAction, pk=action_pk, assessment__round=round_)
    form = ActionForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, str(e))
        return redirect("classification:round", round_.pk)
    d = form.cleaned_data
    try:
        services.record_action(
            actor=request.user,
            action=action,
            note=d["note"],
            done_on=d["done_on"],
            reason=d["reason"],
            evidence=d["evidence"],
            request=request,
        )
    except services.ClassificationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Recorded."))
    return redirect("classification:round", round_.pk)


@login_required
@require_POST
def commend(request: HttpRequest, pk: int) -> HttpResponse:
    """GR4: put a commune on (or take it off) the commendation list."""
    round_ = _round_for(request, pk)
    if not permissions.can_manage(request.user, round_.province):
        raise PermissionDenied
    raw = request.POST.get("assessment", "")
    a = get_object_or_404(Assessment, pk=raw if raw.isdigit() else 0, round=round_)
    try:
        services.set_commendation(
            actor=request.user,
            assessment=a,
            commended=request.POST.get("commended") == "1",
            request=request,
        )
    except services.ClassificationError as exc:
        _error(request, exc)
    return redirect("classification:round", round_.pk)


# --------------------------------------------------------------------------------------------
# GR9: "Apology to the people"
# --------------------------------------------------------------------------------------------


def _commune_people(communes: list[int]) -> Any:
    from danchu.people.models import Assignment, Person

    ids = (
        Assignment.objects.active_on(clock.today())
        .filter(agency__unit__in=communes)
        .values("person_id")
    )
    return Person.objects.filter(pk__in=ids).order_by("full_name")


@login_required
@require_http_methods(["GET", "POST"])
def apology_list(request: HttpRequest) -> HttpResponse:
    from django.db.models import Q

    from danchu.accounts import access
    from danchu.accounts.access import Cap

    mine = permissions.my_communes(request.user)
    provinces = [p.pk for p in permissions.managed_provinces(request.user)]
    seen = access.scope(request.user, ApologyCase.objects.all(), "commune", Cap.SUPERVISE)
    cases = (
        ApologyCase.objects.filter(
            Q(commune__in=mine)
            | Q(pk__in=seen.values("pk"))
            | Q(commune__parent__in=provinces)
            | Q(commune__parent__parent__in=provinces)
        )
        .select_related("commune", "person")
        .distinct()
    )
    if (
        not mine
        and not provinces
        and not access.visible_units(request.user, Cap.SUPERVISE).exists()
    ):
        raise PermissionDenied
    form = ApologyForm(request.POST or None, people=_commune_people(mine)) if mine else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            d = form.cleaned_data
            from danchu.people.models import Assignment

            post = (
                Assignment.objects.active_on(clock.today())
                .filter(person=d["person"], agency__unit__in=mine)
                .select_related("agency__unit")
                .first()
            )
            if post is None:
                raise PermissionDenied
            try:
                case = services.open_apology(
                    actor=request.user,
                    commune=post.agency.unit,
                    person=d["person"],
                    citizen=d["citizen"],
                    fault=d["fault"],
                    facts=d["facts"],
                    occurred_on=d["occurred_on"],
                    request=request,
                )
            except services.ClassificationError as exc:
                _error(request, exc)
            else:
                return redirect("classification:apology", case.pk)
    page = Paginator(cases, PAGE).get_page(request.GET.get("page"))
    return render(request, "classification/apology_list.html", {"page": page, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def apology(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(ApologyCase.objects.select_related("commune", "person"), pk=pk)
    if not permissions.can_view_apology(request.user, case):
        raise PermissionDenied
    can_handle = permissions.can_handle_apology(request.user, case.commune)
    can_require = permissions.can_require_apology(request.user, case.commune)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "require" and can_require:
                day = DayForm(request.POST)
                if day.is_valid():
                    services.require_apology(
                        actor=request.user, case=case, on=day.cleaned_data["on"], request=request
                    )
                else:
                    messages.error(request, _("Give the day."))
            elif action == "letters" and can_handle:
                letters = LettersForm(request.POST, request.FILES)
                letters.is_valid()
                services.attach_letters(
                    actor=request.user,
                    case=case,
                    apology_letter=letters.cleaned_data.get("apology_letter"),
                    self_criticism=letters.cleaned_data.get("self_criticism"),
                    request=request,
                )
            elif action == "visit" and can_handle:
                visit = VisitForm(request.POST, request.FILES)
                if visit.is_valid():
                    d = visit.cleaned_data
                    services.record_visit(
                        actor=request.user,
                        case=case,
                        on=d["on"],
                        leader=d["leader"],
                        invited=d["invited"],
                        households=d["households"],
                        minutes=d["minutes"],
                        request=request,
                    )
                else:
                    messages.error(request, _("Give the day and the leader who went."))
            else:
                raise PermissionDenied
        except services.ClassificationError as exc:
            _error(request, exc)
        return redirect("classification:apology", case.pk)
    return render(
        request,
        "classification/apology.html",
        {
            "case": case,
            "can_handle": can_handle,
            "can_require": can_require,
            "day_form": DayForm(),
            "letters_form": LettersForm(),
            "visit_form": VisitForm(),
            "invited_rule": ", ".join(rules.INVITED.values()),
        },
    )


@login_required
@require_GET
def apology_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """GR9: a draft apology letter (DOCX) from the template, to complete and sign."""
    case = get_object_or_404(ApologyCase.objects.select_related("commune", "person"), pk=pk)
    if not permissions.can_view_apology(request.user, case):
        raise PermissionDenied
    from danchu.web.responses import DOCX, file_response

    return file_response(documents.apology_draft(case), f"thu-xin-loi-{case.pk}.docx", DOCX)


# --------------------------------------------------------------------------------------------
# GR5: indicators
# --------------------------------------------------------------------------------------------


@login_required
@require_GET
def round_indicators(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round_for(request, pk)
    totals, communes = selectors.province_indicators(round_)
    page = Paginator(communes, PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "classification/indicators.html",
        {"round": round_, "totals": totals, "page": page, "indicators": rules.INDICATORS},
    )


@login_required
@require_http_methods(["GET", "POST"])
def commune_indicators(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assessment_for(request, pk)
    can_edit = a.round.status == "open" and permissions.can_prepare(request.user, a)
    found = selectors.commune_indicators(a)
    initial = {}
    if found.facts is not None:
        initial = {k: getattr(found.facts, k) for k in IndicatorFactsForm.FACTS}
    form = IndicatorFactsForm(
        request.POST or None, request.FILES or None, staff=found.staff, initial=initial
    )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.save_indicator_facts(
                    actor=request.user,
                    commune=a.commune,
                    year=a.round.year,
                    facts={k: d[k] for k in IndicatorFactsForm.FACTS},
                    qualifications={
                        p: (d[f"edu_{p.pk}"] or "", d[f"pol_{p.pk}"] or "") for p, _q in found.staff
                    },
                    evidence=d["evidence"],
                    request=request,
                )
            except services.ClassificationError as exc:
                _error(request, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("classification:commune_indicators", a.pk)
    return render(
        request,
        "classification/commune_indicators.html",
        {"a": a, "found": found, "form": form, "can_edit": can_edit},
    )


# --------------------------------------------------------------------------------------------
# GR6: reports
# --------------------------------------------------------------------------------------------


@login_required
@require_POST
def report_issue(request: HttpRequest, pk: int, period: str) -> HttpResponse:
    a = _assessment_for(request, pk)
    if not permissions.can_prepare(request.user, a):
        raise PermissionDenied
    try:
        doc = services.issue_report(
            actor=request.user, assessment=a, period=period, request=request
        )
    except services.ClassificationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Report %(n)s issued.") % {"n": doc.number})
    return redirect("classification:assessment", a.pk)


@login_required
@require_GET
def report_file(request: HttpRequest, pk: int, period: str, fmt: str) -> HttpResponse:
    a = _assessment_for(request, pk)
    from danchu.documents import issuing

    kind = services.REPORT_KINDS.get(period)
    doc = issuing.current(a, kind) if kind else None
    if doc is None or fmt not in issuing.formats(doc):
        raise Http404
    return issuing.response(doc, fmt, f"bao-cao-{period}-{a.round.year}.{fmt}")
