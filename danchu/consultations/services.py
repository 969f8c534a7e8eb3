"""Every write of a consultation: verb-first, keyword-only, one transaction, one audit entry.

A refused write raises :class:`ConsultationError` with the reasons (translated, rule ID first);
nothing is saved then.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from danchu.audit.services import log
from danchu.consultations import docx_import, grouping, rules, structure, texts, uploads
from danchu.consultations.models import (
    SOURCE_BODY,
    AggregateSend,
    AnswerKind,
    Audience,
    AudiencePlan,
    Body,
    Consultation,
    DraftVersion,
    FactKind,
    Opinion,
    Outcome,
    Phase,
    Provision,
    ProvisionKind,
    PublicationRecord,
    RecordedFact,
    Reopening,
    Source,
    Stance,
    Status,
)
from danchu.core import clock, facts
from danchu.core.text import fold, nfc
from danchu.documents import issuing
from danchu.documents.models import IssuedDocument
from danchu.units.models import AdminUnit, Agency


class ConsultationError(Exception):
    """A write refused; ``messages`` says why, each naming its rule or field."""

    def __init__(self, messages: Sequence[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = list(messages)


def _refuse_if(problems: list[rules.Problem]) -> None:
    if problems:
        raise ConsultationError(texts.problems(problems))


def _lengths(*items: tuple[str, rules.Limit, str | None]) -> list[str]:
    """Issue 18: each ``(label, kind, value)`` longer than its kind's limit
    (``rules.TEXT_LIMITS``), as a message naming the field."""
    out: list[str] = []
    for label, kind, value in items:
        problem = rules.length_problem(kind, value or "")
        if problem is not None:
            limit, length = problem.detail.split("|")
            out.append(
                _("%(field)s: at most %(max)s characters (this one has %(n)s).")
                % {"field": label, "max": f"{int(limit):,}".replace(",", "."), "n": length}
            )
    return out


def _refuse_long(*items: tuple[str, rules.Limit, str | None]) -> None:
    errors = _lengths(*items)
    if errors:
        raise ConsultationError(errors)


def _audit(actor: Any, action: str, target: Any, changes: dict[str, Any] | None = None) -> None:
    unit = target.unit if isinstance(target, Consultation) else target.consultation.unit
    log(actor=actor, action=f"consultations.{action}", target=target, changes=changes, unit=unit)


def _check_upload(file: UploadedFile | None, kind: uploads.UploadKind, field: str) -> None:
    """Size (``DANCHU_MAX_UPLOAD_MB``) and type of an uploaded file; the reason names the field."""
    if file is not None:
        problems = uploads.upload_problems(file, kind, field)
        if problems:
            raise ConsultationError(problems)


def _attach_evidence(record: Any, evidence: UploadedFile | None, field: str = "evidence") -> None:
    """Attach a checked evidence upload to ``record`` (saved by the caller)."""
    if evidence is not None:
        evidence.seek(0)
        getattr(record, field).save(evidence.name or "evidence", evidence, save=False)


def _event_day(
    *,
    on: dt.date | None,
    today: dt.date,
    reason: str,
    evidence: UploadedFile | None,
    label: str,
    has_evidence: bool = False,
) -> list[str]:
    """Issue 10, point 3: a date that records an event is the day the platform is told; an
    earlier day needs a reason and evidence (an upload); a day still to come is refused
    (``danchu.core.facts``). The evidence upload's own size and type are checked here too."""
    problems = facts.event_day_problems(
        on=on,
        today=today,
        reason=reason,
        has_evidence=has_evidence or evidence is not None,
        label=label,
    )
    if evidence is not None:
        problems += uploads.upload_problems(evidence, uploads.EVIDENCE, _("Evidence of the date"))
    problems += _lengths((_("Reason for back-dating"), rules.Limit.REASON, reason))
    return problems


def _record_fact(
    *,
    actor: Any,
    consultation: Consultation,
    kind: str,
    on: dt.date,
    today: dt.date,
    reason: str = "",
    evidence: UploadedFile | None = None,
) -> RecordedFact:
    """Store the event day as told (checked by :func:`_event_day` beforehand)."""
    fact = RecordedFact(
        consultation=consultation,
        kind=kind,
        on=on,
        recorded_on=today,
        reason=nfc(reason) if on < today else "",
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if on < today:
        _attach_evidence(fact, evidence, "evidence")
    fact.save()
    return fact


def _backdate_changes(on: dt.date | None, today: dt.date | None, reason: str) -> dict[str, Any]:
    """What the audit entry adds for a back-dated day."""
    if on is not None and today is not None and on < today:
        return {"backdated": True, "recorded_on": today, "backdate_reason": nfc(reason)}
    return {}


# ---------------------------------------------------------------------------------------------
# The draft
# ---------------------------------------------------------------------------------------------


def _unique_slug(title: str) -> str:
    base = slugify(fold(title))[:60] or "gop-y"
    slug, n = base, 1
    while Consultation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def create_consultation(
    *,
    actor: Any,
    unit: AdminUnit,
    issuer: Agency,
    title: str,
    scope: str,
    matter: str,
    slug: str = "",
) -> Consultation:
    title = nfc(title)
    if not title:
        raise ConsultationError([_("Title: enter the title of the draft.")])
    _refuse_long((_("Title"), rules.Limit.TITLE, title))
    if issuer.unit_id != unit.pk:
        raise ConsultationError([_("Issuing agency: it must belong to the commune.")])
    c = Consultation.objects.create(
        unit=unit,
        issuer=issuer,
        title=title,
        scope=scope,
        matter=matter,
        slug=slug or _unique_slug(title),
        created_by=actor,
    )
    _audit(actor, "created", c, {"title": title, "scope": scope, "matter": matter})
    return c


def _store_structure(version: DraftVersion, draft: structure.Draft) -> None:
    position = 0
    rows: list[Provision] = []
    for chapter in draft.chapters:
        parent = None
        if chapter.number:
            position += 1
            parent = Provision.objects.create(
                version=version,
                kind=ProvisionKind.CHAPTER,
                number=chapter.number,
                title=chapter.title,
                position=position,
            )
        for article in chapter.articles:
            position += 1
            art = Provision.objects.create(
                version=version,
                parent=parent,
                kind=ProvisionKind.ARTICLE,
                number=article.number,
                title=article.title,
                text=article.intro,
                position=position,
            )
            for clause in article.clauses:
                position += 1
                rows.append(
                    Provision(
                        version=version,
                        parent=art,
                        kind=ProvisionKind.CLAUSE,
                        number=clause.number,
                        text=clause.text,
                        position=position,
                    )
                )
    Provision.objects.bulk_create(rows)


@transaction.atomic
def add_version(
    *,
    actor: Any,
    consultation: Consultation,
    text: str,
    note: str = "",
    source_file: UploadedFile | None = None,
) -> DraftVersion:
    """A new version of the draft, parsed into chapters, articles and clauses."""
    if consultation.status == Status.ISSUED:
        raise ConsultationError([_("The regulation is issued; its draft can no longer change.")])
    _check_upload(source_file, uploads.DRAFT_DOCX, _("DOCX file"))
    _refuse_long(
        (_("Text of the draft"), rules.Limit.DRAFT, text),
        (_("What changed"), rules.Limit.NOTE, note),
    )
    lines = [nfc(line) for line in text.splitlines()]
    try:
        draft = structure.parse(lines)
    except structure.StructureError as exc:
        raise ConsultationError([_("Text of the draft: %(error)s") % {"error": exc}]) from exc
    previous = consultation.latest_version()
    version = DraftVersion.objects.create(
        consultation=consultation,
        number=(previous.number + 1) if previous else 1,
        text="\n".join(line for line in lines if line),
        note=nfc(note),
        created_by=actor,
    )
    if source_file is not None:
        source_file.seek(0)
        version.source_file.save(source_file.name or "draft.docx", source_file, save=True)
    _store_structure(version, draft)
    changes: dict[str, Any] = {"version": version.number, "articles": len(draft.articles())}
    if previous:
        diff = structure.diff(parse_version(previous), draft)
        changes["changed"] = [f"{c.kind} {c.article}" for c in diff]
    log(
        actor=actor,
        action="consultations.version.added",
        target=version,
        changes=changes,
        unit=consultation.unit,
    )
    return version


def parse_version(version: DraftVersion) -> structure.Draft:
    return structure.parse(version.text.splitlines())


def _read_docx(file: UploadedFile) -> docx_import.Imported:
    _check_upload(file, uploads.DRAFT_DOCX, _("DOCX file"))
    try:
        file.seek(0)
        return docx_import.read(file)
    except Exception as exc:  # python-docx raises several kinds for a file that is not DOCX
        raise ConsultationError(
            [_("File: %(name)s is not a readable DOCX file.") % {"name": file.name}]
        ) from exc


def preview_docx(*, file: UploadedFile) -> dict[str, Any]:
    """Issue 18: what a DOCX draft is read as, before anything is saved — the text, its
    structure (or the reason it has none), the tables kept and the parts left out."""
    imported = _read_docx(file)
    try:
        draft: structure.Draft | None = structure.parse(imported.lines)
        error = ""
    except structure.StructureError as exc:
        draft, error = None, str(exc)
    return {"imported": imported, "draft": draft, "error": error}


def import_docx(
    *, actor: Any, consultation: Consultation, file: UploadedFile, note: str = ""
) -> DraftVersion:
    """A version from a DOCX file (``docx_import``: numbering resolved, tables kept, header and
    signature left out), parsed like typed text."""
    imported = _read_docx(file)
    return add_version(
        actor=actor,
        consultation=consultation,
        text=imported.text,
        note=note or _("Imported from %(name)s") % {"name": file.name},
        source_file=file,
    )


# ---------------------------------------------------------------------------------------------
# The plan (DC1, DC2, DC7) and its publication (DC3)
# ---------------------------------------------------------------------------------------------


def _plan_frozen(consultation: Consultation) -> list[rules.Problem]:
    """DC4: once the summary is published (or the decision issued), the plan that the opinions
    were gathered under — publication day, audiences, windows — no longer changes."""
    if (
        consultation.summary_published_on
        or consultation.summary_number
        or consultation.status == Status.ISSUED
    ):
        return [rules.Problem("DC4", "plan_frozen")]
    return []


@transaction.atomic
def set_plan(
    *,
    actor: Any,
    consultation: Consultation,
    plan_number: str,
    plan_date: dt.date | None,
    content_published_on: dt.date | None,
) -> Consultation:
    """The plan's number and date and the day its content is (to be) published. A change of the
    publication day re-checks every citizens' window (DC2). Frozen once the summary is out."""
    _refuse_long((_("Plan number"), rules.Limit.NUMBER, plan_number))
    problems: list[rules.Problem] = _plan_frozen(consultation)
    for a in consultation.audiences.all():
        problems += rules.window_problems(
            rules.Audience(a.audience), content_published_on, a.window_start, a.window_end
        )
    _refuse_if(problems)
    before = {
        "plan_number": consultation.plan_number,
        "content_published_on": consultation.content_published_on,
    }
    consultation.plan_number = nfc(plan_number)
    consultation.plan_date = plan_date
    consultation.content_published_on = content_published_on
    consultation.save(update_fields=["plan_number", "plan_date", "content_published_on"])
    _audit(
        actor,
        "plan.set",
        consultation,
        {
            "plan_number": [before["plan_number"], consultation.plan_number],
            "content_published_on": [before["content_published_on"], content_published_on],
        },
    )
    return consultation


@transaction.atomic
def set_audience(
    *,
    actor: Any,
    consultation: Consultation,
    audience: str,
    gatherings: Iterable[tuple[str, str]],
    window_start: dt.date,
    window_end: dt.date,
) -> AudiencePlan:
    """DC1: the audience fits the draft and is gathered lawfully; DC2: its window is long
    enough. Refused with the reasons otherwise, and once the summary is out."""
    pairs = [(str(b), str(f)) for b, f in gatherings]
    gathering_rules = [rules.Gathering(rules.Body(b), rules.Form(f)) for b, f in pairs]
    problems = _plan_frozen(consultation)
    problems += rules.plan_audience_problems(
        rules.Scope(consultation.scope), rules.Audience(audience), gathering_rules
    )
    problems += rules.window_problems(
        rules.Audience(audience), consultation.content_published_on, window_start, window_end
    )
    for send in consultation.sends.all():
        problems += rules.aggregate_due_problems(window_end, send.due, rules.Audience(audience))
    _refuse_if(problems)
    plan, _created = AudiencePlan.objects.update_or_create(
        consultation=consultation,
        audience=audience,
        defaults={"gatherings": pairs, "window_start": window_start, "window_end": window_end},
    )
    log(
        actor=actor,
        action="consultations.audience.set",
        target=plan,
        changes={"audience": audience, "gatherings": pairs, "window": [window_start, window_end]},
        unit=consultation.unit,
    )
    return plan


def _audience_of_body(consultation: Consultation, body: str) -> AudiencePlan | None:
    for a in consultation.audiences.all():
        if any(b == body for b, _f in a.gatherings):
            return a
    return None


@transaction.atomic
def set_send_due(
    *, actor: Any, consultation: Consultation, body: str, due: dt.date
) -> AggregateSend:
    """DC7: when the body's aggregate is due (the plan's deadline)."""
    audience = _audience_of_body(consultation, body)
    if audience is None:
        raise ConsultationError(
            [_("DC7: %(body)s gathers no audience in this plan.") % {"body": Body(body).label}]
        )
    _refuse_if(
        rules.aggregate_due_problems(audience.window_end, due, rules.Audience(audience.audience))
    )
    send, _created = AggregateSend.objects.update_or_create(
        consultation=consultation, body=body, defaults={"due": due}
    )
    log(
        actor=actor,
        action="consultations.send.due_set",
        target=send,
        changes={"body": body, "due": due},
        unit=consultation.unit,
    )
    return send


@transaction.atomic
def record_send(
    *,
    actor: Any,
    send: AggregateSend,
    sent_on: dt.date | None = None,
    document_number: str = "",
    evidence: UploadedFile | None = None,
    note: str = "",
    backdate_reason: str = "",
    today: dt.date | None = None,
) -> AggregateSend:
    """DC7: the body sent its aggregate; its state (on time / late) follows from the due day.
    The sent day is the day the platform is told unless back-dated with a reason and evidence
    (the send's evidence upload); a day still to come is refused (it would show as met before it
    happened)."""
    today = today or clock.today()
    sent_on = sent_on or today
    _refuse_long(
        (_("Document number"), rules.Limit.NUMBER, document_number),
        (_("Note"), rules.Limit.NOTE, note),
    )
    if sent_on > today:
        _refuse_if([rules.Problem("DC7", "sent_in_future", sent_on.isoformat())])
    _check_upload(evidence, uploads.EVIDENCE, _("Evidence"))
    errors = _event_day(
        on=sent_on,
        today=today,
        reason=backdate_reason,
        evidence=None,
        has_evidence=evidence is not None or bool(send.evidence),
        label=_("Sent on"),
    )
    if errors:
        raise ConsultationError(errors)
    _attach_evidence(send, evidence)
    send.sent_on = sent_on
    send.sent_recorded_on = today
    send.backdate_reason = nfc(backdate_reason) if sent_on < today else ""
    send.document_number = nfc(document_number)
    send.note = nfc(note)
    send.save()
    state = send.state(sent_on)
    log(
        actor=actor,
        action="consultations.send.recorded",
        target=send,
        changes={
            "body": send.body,
            "sent_on": sent_on,
            "due": send.due,
            "state": str(state),
            **_backdate_changes(sent_on, today, backdate_reason),
        },
        unit=send.consultation.unit,
    )
    return send


@transaction.atomic
def record_publication(
    *,
    actor: Any,
    consultation: Consultation,
    phase: str,
    channel: str,
    start: dt.date | None = None,
    end: dt.date | None = None,
    village: AdminUnit | None = None,
    evidence: UploadedFile | None = None,
    note: str = "",
    backdate_reason: str = "",
    today: dt.date | None = None,
) -> PublicationRecord:
    """DC3 / DC5: one channel (one village for the per-village channels), with evidence.

    The start is the day the platform is told unless back-dated (a reason, and the record's
    evidence as proof); never a day still to come. The end may be a day to come (the planned
    take-down): the posting counts as met only once that day has passed
    (``rules.plan_publication_flags``)."""
    today = today or clock.today()
    start = start or today
    errors: list[str] = _lengths(
        (_("Note"), rules.Limit.NOTE, note),
        (_("Reason for back-dating"), rules.Limit.REASON, backdate_reason),
    )
    errors += facts.event_day_problems(
        on=start,
        today=today,
        reason=backdate_reason,
        has_evidence=evidence is not None,
        label=_("From"),
    )
    if end is not None and end < start:
        errors.append(_("Until: the end is before the start."))
    if rules.Channel(channel) in rules.PER_VILLAGE:
        if village is None:
            errors.append(_("Village: this channel is recorded village by village."))
        elif village.parent_id != consultation.unit_id:
            errors.append(_("Village: it is not a village of this commune."))
    elif village is not None:
        errors.append(_("Village: this channel is not recorded per village."))
    if phase == Phase.REGULATION and consultation.status != Status.ISSUED:
        errors.append(_("DC5: the regulation has not been issued yet."))
    if evidence is not None:
        errors += uploads.upload_problems(evidence, uploads.EVIDENCE, _("Evidence (file or photo)"))
    if errors:
        raise ConsultationError(errors)
    record = PublicationRecord(
        consultation=consultation,
        phase=phase,
        channel=channel,
        village=village,
        start=start,
        end=end,
        note=nfc(note),
        recorded_by=actor,
        recorded_on=today,
        backdate_reason=nfc(backdate_reason) if start < today else "",
    )
    _attach_evidence(record, evidence)
    record.save()
    log(
        actor=actor,
        action="consultations.publication.recorded",
        target=record,
        changes={
            "phase": phase,
            "channel": channel,
            "village": village.name if village else "",
            "start": start,
            "end": end,
            "evidence": bool(evidence),
            **_backdate_changes(start, today, backdate_reason),
        },
        unit=consultation.unit,
    )
    return record


@transaction.atomic
def publish_consultation(*, actor: Any, consultation: Consultation) -> Consultation:
    """Open the public page: the latest version becomes the one consulted on. Needs a version,
    the publication day and at least one audience with a lawful plan (DC1, DC2)."""
    errors: list[str] = []
    version = consultation.latest_version()
    if version is None:
        errors.append(_("Draft: enter or import the text first."))
    audiences = list(consultation.audiences.all())
    if not audiences:
        errors.append(_("DC1: add at least one audience with its window."))
    if consultation.content_published_on is None:
        errors.append(_("DC2: set the day the consultation content is published."))
    problems: list[rules.Problem] = []
    for a in audiences:
        problems += rules.plan_audience_problems(
            rules.Scope(consultation.scope), rules.Audience(a.audience), a.gathering_rules()
        )
        problems += rules.window_problems(
            rules.Audience(a.audience),
            consultation.content_published_on,
            a.window_start,
            a.window_end,
        )
    errors += texts.problems(problems)
    if consultation.status != Status.PREPARING:
        errors.append(_("The consultation is already published."))
    if errors:
        raise ConsultationError(errors)
    consultation.status = Status.PUBLISHED
    consultation.consulted_version = version
    consultation.save(update_fields=["status", "consulted_version"])
    _audit(
        actor,
        "published",
        consultation,
        {
            "status": [Status.PREPARING, Status.PUBLISHED],
            "version": version.number if version else 0,
        },
    )
    return consultation


# ---------------------------------------------------------------------------------------------
# Opinions (public form, gathered by the bodies) and answers (DC4)
# ---------------------------------------------------------------------------------------------


def _check_article(consultation: Consultation, article_number: str) -> list[str]:
    if not article_number:
        return []
    version = consultation.consulted_version or consultation.latest_version()
    if (
        version is None
        or not version.provisions.filter(kind=ProvisionKind.ARTICLE, number=article_number).exists()
    ):
        return [_("Article: the draft has no article %(n)s.") % {"n": article_number}]
    return []


def last_window_day(consultation: Consultation) -> dt.date | None:
    """The last day any audience may still give opinions (DC2)."""
    return max((a.window_end for a in consultation.audiences.all()), default=None)


def _summary_closed(consultation: Consultation) -> list[str]:
    """DC4: once the summary is published no more opinions are taken (answers are frozen)."""
    if consultation.summary_published_on:
        return texts.problems([rules.Problem("DC4", "summary_published")])
    return []


def public_audience(consultation: Consultation) -> AudiencePlan | None:
    """The audience the public form collects for: citizens if consulted, else the staff."""
    audiences = {a.audience: a for a in consultation.audiences.all()}
    return audiences.get(Audience.CITIZENS) or audiences.get(Audience.STAFF)


@transaction.atomic
def submit_public_opinion(
    *,
    consultation: Consultation,
    text: str,
    article_number: str = "",
    stance: str = Stance.NONE,
    author_name: str = "",
    contact: str = "",
    today: dt.date | None = None,
    actor: Any = None,
    reference: str = "",
) -> Opinion:
    """An opinion from the public page: only while the window is open (DC2). A staff
    consultation takes it only from the agency's staff, signed in (``actor``; issue 18, DC1);
    the opinion stays anonymous all the same (``actor`` is not stored)."""
    from danchu.consultations import permissions

    today = today or clock.today()
    audience = public_audience(consultation)
    errors: list[str] = []
    if permissions.is_staff_only(consultation) and not permissions.is_agency_staff(
        actor, consultation
    ):
        raise ConsultationError(
            [
                _(
                    "DC1: this draft is put to the agency's staff only; sign in as staff of "
                    "the agency to give your opinion."
                )
            ]
        )
    if consultation.status != Status.PUBLISHED or audience is None:
        errors.append(_("This consultation is not taking opinions."))
    elif audience.state(today) != "open":
        errors.append(_("The window for opinions is closed."))
    errors += _summary_closed(consultation)
    # Anonymity (issue 10, point 5): a random id, the day only, and no audit entry of its own —
    # the count of public-page opinions is audited when the summary is published.
    return _create_opinion(
        errors,
        _("Opinion: write your opinion."),
        "submitted",
        actor=None,
        consultation=consultation,
        audience=audience,
        text=text,
        article_number=article_number,
        stance=stance,
        author_name=author_name,
        contact=nfc(contact),
        source=Source.PUBLIC_PAGE,
        received_on=today,
        recorded_on=today,
        reference_hash=reference_hash(reference) if reference else None,
    )


def _create_opinion(
    errors: list[str],
    empty_text: str,
    verb: str,
    *,
    actor: Any,
    consultation: Consultation,
    audience: AudiencePlan | None,
    text: str,
    article_number: str,
    author_name: str,
    **fields: Any,
) -> Opinion:
    """The checks every opinion shares (text, article) after the caller's own ``errors``; then
    the opinion and its audit entry."""
    text = nfc(text)
    if not text:
        errors.append(empty_text)
    errors += _lengths(
        (_("Opinion"), rules.Limit.OPINION, text),
        (_("Name"), rules.Limit.NAME, author_name),
        (_("Contact"), rules.Limit.CONTACT, fields.get("contact")),
        (_("Where and when gathered"), rules.Limit.DETAIL, fields.get("source_detail")),
        (_("Article"), rules.Limit.ARTICLE, article_number),
    )
    if len(article_number) <= rules.TEXT_LIMITS[rules.Limit.ARTICLE]:
        errors += _check_article(consultation, article_number)
    if errors:
        raise ConsultationError(errors)
    assert audience is not None
    evidence = fields.pop("backdate_evidence", None)
    opinion = Opinion(
        pk=_random_opinion_id(),
        consultation=consultation,
        audience=audience.audience,
        article_number=article_number,
        text=text,
        author_name=nfc(author_name),
        entered_by=actor,
        **fields,
    )
    _attach_evidence(opinion, evidence, "backdate_evidence")
    opinion.save(force_insert=True)
    place_in_group(opinion)
    if actor is not None:
        log(
            actor=actor,
            action=f"consultations.opinion.{verb}",
            target=opinion,
            changes={
                "article": article_number,
                "source": opinion.source,
                **_backdate_changes(
                    opinion.received_on, opinion.recorded_on, opinion.backdate_reason
                ),
            },
            unit=consultation.unit,
        )
    return opinion


def place_in_group(opinion: Opinion) -> None:
    """Issue 16: the new opinion joins the first group of its article (in reading order) that
    has a similar member, or opens its own — computed once, here, and stored; the pages read
    the stored group. Same result as :func:`regroup_opinions` whenever the new opinion reads
    last; otherwise a regrouping may order the groups differently (never wrongly: every member
    is similar to another member)."""
    rows = list(
        Opinion.objects.filter(
            consultation_id=opinion.consultation_id, article_number=opinion.article_number
        )
        .exclude(pk=opinion.pk)
        .values_list("pk", "text", "group_id")
    )
    heads = {pk: text for pk, text, group_id in rows if group_id in (pk, None)}
    members: dict[int, list[tuple[int, str]]] = {head: [] for head in heads}
    for pk, text, group_id in rows:
        members.setdefault(group_id or pk, []).append((pk, text))
    grouper = grouping.Grouper()
    key = opinion.article_number
    # The stored groups in the order a regrouping opens them: their representatives' reading
    # order; each representative first.
    for head in sorted(members, key=lambda h: grouping.reading_key(key, heads.get(h, ""), h)):
        grouper.seed(key, sorted(members[head], key=lambda m: m[0] != head))
    group, duplicate = grouper.add(opinion.pk, key, opinion.text)
    Opinion.objects.filter(pk=opinion.pk).update(group_id=group.members[0], duplicate=duplicate)
    opinion.group_id, opinion.duplicate = group.members[0], duplicate


@transaction.atomic
def regroup_opinions(*, consultation: Consultation, actor: Any = None) -> int:
    """Issue 16: group every opinion of the consultation again, in reading order (after bulk
    changes, or to tidy groups that grew one opinion at a time). Returns how many opinions
    changed group; an audit entry says so when any did."""
    rows = consultation.opinions.all()
    placed = grouping.assignments(rows.values_list("pk", "article_number", "text"))
    changed = []
    for o in rows.only("pk", "group_id", "duplicate"):
        group, duplicate = placed[o.pk]
        if (o.group_id, o.duplicate) != (group, duplicate):
            o.group_id, o.duplicate = group, duplicate
            changed.append(o)
    Opinion.objects.bulk_update(changed, ["group", "duplicate"], batch_size=500)
    if changed:
        log(
            actor=actor,
            action="consultations.opinions.regrouped",
            target=consultation,
            changes={"opinions": len(changed)},
            unit=consultation.unit,
        )
    return len(changed)


REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
"""Issue 18: reference codes avoid letters and digits read alike (0/O, 1/I/L)."""
REFERENCE_LENGTH = 10
"""31**10 ≈ 8·10^14 codes (49 bits); looking them up is rate-limited per address."""


def new_reference() -> str:
    """A fresh reference code for a citizen's opinion, e.g. ``K7M2Q-X9PAB``."""
    raw = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def _clean_reference(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def reference_hash(code: str) -> str:
    """Only the SHA-256 of the code is stored: the code itself is shown once, to the citizen."""
    return hashlib.sha256(_clean_reference(code).encode()).hexdigest()


def find_by_reference(code: str) -> Opinion | None:
    """The opinion a reference code belongs to (spaces, dashes and case ignored), or None."""
    cleaned = _clean_reference(code)
    if len(cleaned) != REFERENCE_LENGTH or any(ch not in REFERENCE_ALPHABET for ch in cleaned):
        return None
    return (
        Opinion.objects.select_related("consultation")
        .filter(reference_hash=reference_hash(cleaned))
        .first()
    )


OPINION_ID_BITS = 52
"""Opinions get random ids (below 2**52, exact in JavaScript): nothing stored orders an
anonymous opinion against the others (issue 10, point 5)."""


def _random_opinion_id() -> int:
    while True:
        candidate = secrets.randbits(OPINION_ID_BITS) or 1
        if not Opinion.objects.filter(pk=candidate).exists():
            return candidate


MAX_REPRESENTS = 100_000
"""LD8: an opinion speaks for at most 100,000 people (a commune's voters are fewer)."""


@transaction.atomic
def enter_opinion(
    *,
    actor: Any,
    consultation: Consultation,
    source: str,
    text: str,
    received_on: dt.date,
    article_number: str = "",
    stance: str = Stance.NONE,
    source_detail: str = "",
    author_name: str = "",
    backdate_reason: str = "",
    backdate_evidence: UploadedFile | None = None,
    today: dt.date | None = None,
    represents: int = 1,
) -> Opinion:
    """An opinion gathered at a conference or chat group, entered by the body that gathered it
    (DC1: its body must gather an audience of this plan; DC2: received within its window).
    Received on a day before today is back-dated: a reason and evidence (the conference
    minutes, a screenshot of the chat) are required."""
    today = today or clock.today()
    body = SOURCE_BODY[source]
    audience = _audience_of_body(consultation, body)
    errors: list[str] = []
    if consultation.status == Status.PREPARING:
        errors.append(_("The consultation is not published yet."))
    if consultation.status == Status.ISSUED:
        errors.append(_("The regulation is issued; no more opinions are taken."))
    if audience is None:
        errors.append(
            _("DC1: %(body)s gathers no audience in this plan.") % {"body": Body(body).label}
        )
    else:
        errors += texts.problems(
            rules.received_problems(audience.window_start, audience.window_end, received_on, today)
        )
    errors += _summary_closed(consultation)
    if not 1 <= represents <= MAX_REPRESENTS:
        errors.append(
            _("People it speaks for: between 1 and %(max)s.") % {"max": f"{MAX_REPRESENTS:,}"}
        )
    if received_on <= today:
        errors += _event_day(
            on=received_on,
            today=today,
            reason=backdate_reason,
            evidence=backdate_evidence,
            label=_("Received on"),
        )
    return _create_opinion(
        errors,
        _("Opinion: write the opinion."),
        "entered",
        actor=actor,
        consultation=consultation,
        audience=audience,
        text=text,
        article_number=article_number,
        stance=stance,
        author_name=author_name,
        source=source,
        source_detail=nfc(source_detail),
        represents=represents,
        received_on=received_on,
        recorded_on=today,
        backdate_reason=nfc(backdate_reason) if received_on < today else "",
        backdate_evidence=backdate_evidence if received_on < today else None,
    )


@transaction.atomic
def answer_opinions(
    *, actor: Any, opinions: Sequence[Opinion], kind: str, text: str, article: str = ""
) -> list[Opinion]:
    """DC4: accept (with the change made) or explain (with the reason) one or a group of
    opinions with the same answer. An accepted opinion names the ``article`` of the next
    version that carries the change (issue 18), checked when the regulation is issued."""
    text = nfc(text)
    article = nfc(article).removeprefix("Điều ").strip() if kind == AnswerKind.ACCEPT else ""
    _refuse_long((_("Article changed"), rules.Limit.ARTICLE, article))
    _refuse_if(rules.answer_problems(rules.AnswerKind(kind) if kind else None, text))
    _refuse_long((_("Change made or reason"), rules.Limit.ANSWER, text))
    if not opinions:
        raise ConsultationError([_("Choose at least one opinion.")])
    consultation = opinions[0].consultation
    if consultation.status == Status.ISSUED:
        raise ConsultationError([_("The regulation is issued; answers can no longer change.")])
    if consultation.summary_published_on:
        raise ConsultationError(
            [_("DC4: the summary is already published; answers can no longer change.")]
        )
    now = clock.now()
    for o in opinions:
        before = [o.answer_kind, o.answer_text]
        o.answer_kind, o.answer_text, o.answered_by, o.answered_at = kind, text, actor, now
        o.accepted_article = article
        o.save(
            update_fields=[
                "answer_kind",
                "answer_text",
                "accepted_article",
                "answered_by",
                "answered_at",
            ]
        )
        log(
            actor=actor,
            action="consultations.opinion.answered",
            target=o,
            changes={"answer": [before, [kind, text]], "article": article},
            unit=consultation.unit,
        )
    return list(opinions)


@transaction.atomic
def hide_opinion(*, actor: Any, opinion: Opinion, reason: str) -> Opinion:
    """Moderation (DC4 design choice, ``rules.moderation_problems``): hide an abusive opinion
    from the public page with a recorded reason. It stays received, counted and to be answered."""
    reason = nfc(reason)
    _refuse_if(rules.moderation_problems(reason))
    _refuse_long((_("Reason"), rules.Limit.REASON, reason))
    before = opinion.hidden_reason if opinion.is_hidden else ""
    opinion.hidden_reason, opinion.hidden_by, opinion.hidden_at = reason, actor, clock.now()
    opinion.save(update_fields=["hidden_reason", "hidden_by", "hidden_at"])
    _audit(actor, "opinion.hidden", opinion, {"reason": [before, reason]})
    return opinion


@transaction.atomic
def show_opinion(*, actor: Any, opinion: Opinion) -> Opinion:
    """Undo :func:`hide_opinion`: the opinion's text is public again (audited)."""
    before = opinion.hidden_reason
    opinion.hidden_reason, opinion.hidden_by, opinion.hidden_at = "", None, None
    opinion.save(update_fields=["hidden_reason", "hidden_by", "hidden_at"])
    _audit(actor, "opinion.shown", opinion, {"reason": [before, ""]})
    return opinion


def unanswered(consultation: Consultation) -> int:
    return sum(1 for o in consultation.opinions.all() if not o.is_answered)


SUMMARY_KIND = "consultations.summary"
REPORT_KIND = "consultations.report"
REGULATION_KIND = "consultations.regulation"
"""Kinds of the documents a consultation issues through ``danchu.documents.issuing``."""


def _issue(
    *,
    actor: Any,
    consultation: Consultation,
    kind: str,
    title: str,
    render: Any,
    on: dt.date,
    symbol: str = "",
    number: str = "",
    reason: str = "",
) -> IssuedDocument:
    """Issue (or, if one is in force, correct with ``reason``) a document of the consultation:
    the number taken now, the files stored as issued, their SHA-256 in the audit trail."""
    in_force = issuing.current(consultation, kind)
    try:
        return issuing.issue(
            kind=kind,
            target=consultation,
            title=title,
            render=render,
            actor=actor,
            agency=consultation.issuer,
            unit=consultation.unit,
            symbol=symbol,
            number=number,
            on=on,
            replaces=in_force,
            reason=reason,
        )
    except (ValueError, issuing.AlreadyIssued) as exc:
        raise ConsultationError([str(exc)]) from exc


@transaction.atomic
def publish_summary(
    *,
    actor: Any,
    consultation: Consultation,
    on: dt.date | None = None,
    backdate_reason: str = "",
    backdate_evidence: UploadedFile | None = None,
    today: dt.date | None = None,
) -> Consultation:
    """DC4: publish the summary of opinions with their acceptance or explanation; every opinion
    must have its answer first, and every window must have closed
    (``rules.summary_date_problems``). The day is today unless back-dated (reason, evidence).

    The summary is issued (``danchu.documents.issuing``): its number taken now, the PDF, DOCX
    and XLSX stored as published and served byte for byte after. Published again after a
    reopening, it is a correction naming the one it replaces, with the reopening's reason."""
    from danchu.consultations import papers

    today = today or clock.today()
    on = on or today
    missing = unanswered(consultation)
    errors: list[str] = []
    if consultation.status == Status.PREPARING:
        errors.append(_("The consultation is not published yet."))
    if consultation.summary_published_on:
        errors.append(texts.problem(rules.Problem("DC4", "summary_published")))
    if missing:
        errors.append(texts.problem(rules.Problem("DC4", "unanswered", str(missing))))
    errors += texts.problems(rules.summary_date_problems(last_window_day(consultation), on, today))
    errors += texts.problems(
        rules.summary_awaits_aggregates(
            [(rules.Body(x.body), x.due, x.sent_on) for x in consultation.sends.all()], on
        )
    )
    if on <= today:
        errors += _event_day(
            on=on,
            today=today,
            reason=backdate_reason,
            evidence=backdate_evidence,
            label=_("Published on"),
        )
    if errors:
        raise ConsultationError(errors)
    reopened = consultation.reopenings.order_by("-pk").first()
    consultation.summary_published_on = on
    doc = _issue(
        actor=actor,
        consultation=consultation,
        kind=SUMMARY_KIND,
        title=f"Bảng tổng hợp ý kiến — {consultation.title}",
        render=lambda issue: papers.summary_files(consultation, issue),
        on=on,
        symbol=rules.SUMMARY_SYMBOL,
        reason=reopened.reason if reopened else "",
    )
    consultation.summary_number = doc.number
    consultation.save(update_fields=["summary_published_on", "summary_number"])
    _record_fact(
        actor=actor,
        consultation=consultation,
        kind=FactKind.SUMMARY_PUBLISHED,
        on=on,
        today=today,
        reason=backdate_reason,
        evidence=backdate_evidence,
    )
    sources: dict[str, int] = {}
    for o in consultation.opinions.all():
        sources[o.source] = sources.get(o.source, 0) + 1
    _audit(
        actor,
        "summary.published",
        consultation,
        {
            "on": on,
            "number": consultation.summary_number,
            # Anonymity: public-page opinions are audited here, as one count, not one by one.
            "opinions": dict(sorted(sources.items())),
            "document": doc.pk,
            **_backdate_changes(on, today, backdate_reason),
        },
    )
    return consultation


@transaction.atomic
def reopen_summary(*, actor: Any, consultation: Consultation, reason: str) -> Consultation:
    """DC4: reopen a published summary so opinions and answers can change again — its own
    audited step with a reason, shown on the consultation's page. The issued summary stays
    readable; publishing again issues a correction that names it. Refused once the regulation
    is issued (the decision rests on that summary)."""
    reason = nfc(reason)
    errors: list[str] = _lengths((_("Reason"), rules.Limit.REASON, reason))
    if not consultation.summary_published_on:
        errors.append(_("DC4: the summary is not published; there is nothing to reopen."))
    if consultation.status == Status.ISSUED:
        errors.append(
            _("DC4: the regulation is issued on this summary; it can no longer be reopened.")
        )
    if not reason:
        errors.append(_("Reopen: give the reason; it is recorded, audited and shown."))
    if errors:
        raise ConsultationError(errors)
    Reopening.objects.create(
        consultation=consultation,
        on=clock.today(),
        reason=reason,
        replaced_number=consultation.summary_number,
        by=actor,
    )
    before = consultation.summary_published_on
    consultation.summary_published_on = None
    consultation.save(update_fields=["summary_published_on"])
    _audit(
        actor,
        "summary.reopened",
        consultation,
        {"summary": consultation.summary_number, "published_on": [before, None], "reason": reason},
    )
    return consultation


# ---------------------------------------------------------------------------------------------
# Issuing (DC5, LD8) and the report (DC6)
# ---------------------------------------------------------------------------------------------


def majority(consultation: Consultation, reading: str = "") -> rules.Majority:
    """LD8 over the opinions that count (``rules.counts_for_majority``), by opinions and by the
    people they speak for; the consultation's reading (or ``reading``) decides the view."""
    return rules.majority_of(
        (
            (rules.Stance(o.stance), o.represents)
            for o in consultation.opinions.all()
            if rules.counts_for_majority(rules.AnswerKind(o.answer_kind) if o.answer_kind else None)
        ),
        rules.Reading(reading or consultation.majority_reading or rules.DEFAULT_READING),
    )


def changed_articles(consultation: Consultation) -> set[str]:
    """Article numbers that differ between the version put to consultation and the latest
    version (the one an adopted regulation issues)."""
    before, after = consultation.consulted_version, consultation.latest_version()
    if before is None or after is None or before.pk == after.pk:
        return set()
    return {
        change.article.removeprefix("Điều ")
        for change in structure.diff(parse_version(before), parse_version(after))
    }


def unapplied_changes(consultation: Consultation) -> list[tuple[int, str]]:
    """Issue 18: accepted opinions whose change is not in the latest version."""
    accepted = [
        (o.pk, o.accepted_article)
        for o in consultation.opinions.filter(answer_kind=AnswerKind.ACCEPT)
    ]
    return rules.unapplied_acceptances(accepted, changed_articles(consultation))


def readiness(
    consultation: Consultation,
    today: dt.date,
    outcome: str = "",
    reason: str = "",
    reading: str = "",
) -> rules.IssueReadiness:
    audiences = list(consultation.audiences.all())
    closed = bool(audiences) and all(a.state(today) == "closed" for a in audiences)
    reason_missing = bool(outcome) and bool(
        rules.decision_problems(rules.Outcome(outcome), majority(consultation, reading), reason)
    )
    return rules.IssueReadiness(
        unanswered=unanswered(consultation),
        window_closed=closed,
        summary_published=consultation.summary_published_on is not None,
        decision_reason_missing=reason_missing,
    )


@transaction.atomic
def issue_regulation(
    *,
    actor: Any,
    consultation: Consultation,
    outcome: str,
    number: str,
    issued_on: dt.date,
    signer_authority: str,
    signer_position: str,
    signer_name: str,
    reason: str = "",
    backdate_reason: str = "",
    backdate_evidence: UploadedFile | None = None,
    today: dt.date | None = None,
    majority_reading: str = "",
    unapplied_reason: str = "",
) -> Consultation:
    """Record the decision: blocked while an opinion is unanswered or the summary unpublished
    (DC4), before the window closes (DC2), or without the reason for departing from the
    majority (LD8). An adopted regulation takes the latest version of the draft, and is issued
    (``danchu.documents.issuing``: its PDF and DOCX stored as issued, with the number given).
    Issued on a day before today is back-dated: a reason and evidence (the signed copy)."""
    from danchu.consultations import papers

    today = today or clock.today()
    reason = nfc(reason)
    _refuse_long(
        (_("Reason"), rules.Limit.REASON, reason),
        (_("Number and symbol"), rules.Limit.NUMBER, number),
        (_("Signer's position"), rules.Limit.NAME, signer_position),
        (_("Signer's name"), rules.Limit.NAME, signer_name),
    )
    if majority_reading and majority_reading not in {r.value for r in rules.Reading}:
        raise ConsultationError([_("LD8: choose how the majority is counted.")])
    reading = majority_reading or consultation.majority_reading
    unapplied_reason = nfc(unapplied_reason)
    _refuse_long((_("Reason"), rules.Limit.REASON, unapplied_reason))
    errors = texts.problems(readiness(consultation, today, outcome, reason, reading).blockers)
    unapplied = unapplied_changes(consultation) if outcome == Outcome.ADOPTED else []
    if unapplied and not unapplied_reason:
        errors.append(
            _(
                "DC4: %(n)s accepted opinion(s) have no change in the text to be issued "
                "(%(where)s); make the change in a new version, or confirm with the reason, "
                "which is published."
            )
            % {
                "n": len(unapplied),
                "where": ", ".join(sorted({f"Điều {a}" if a else "?" for _o, a in unapplied})),
            }
        )
    if consultation.status != Status.PUBLISHED:
        errors.append(_("Only a published consultation can be decided."))
    if outcome == Outcome.ADOPTED:
        for label, value in (
            (_("Number and symbol"), number),
            (_("Signer's position"), signer_position),
            (_("Signer's name"), signer_name),
        ):
            if not nfc(value):
                errors.append(_("%(field)s: required to issue.") % {"field": label})
    if issued_on > today:
        errors.append(_("Issued on: the date is in the future."))
    else:
        errors += _event_day(
            on=issued_on,
            today=today,
            reason=backdate_reason,
            evidence=backdate_evidence,
            label=_("Issued on"),
        )
    errors += texts.problems(
        rules.issue_date_problems(
            issued_on, last_window_day(consultation), consultation.summary_published_on
        )
    )
    if errors:
        raise ConsultationError(errors)
    consultation.outcome = outcome
    consultation.outcome_reason = reason
    consultation.majority_reading = reading
    consultation.unapplied_reason = unapplied_reason if unapplied else ""
    consultation.regulation_number = nfc(number)
    consultation.issued_on = issued_on
    consultation.signer_authority = signer_authority
    consultation.signer_position = nfc(signer_position)
    consultation.signer_name = nfc(signer_name)
    consultation.issued_version = (
        consultation.latest_version() if outcome == Outcome.ADOPTED else None
    )
    consultation.status = Status.ISSUED
    consultation.save()
    _record_fact(
        actor=actor,
        consultation=consultation,
        kind=FactKind.REGULATION_ISSUED,
        on=issued_on,
        today=today,
        reason=backdate_reason,
        evidence=backdate_evidence,
    )
    if outcome == Outcome.ADOPTED:
        _issue(
            actor=actor,
            consultation=consultation,
            kind=REGULATION_KIND,
            title=consultation.title,
            render=lambda issue: papers.regulation_files(consultation, issue),
            on=issued_on,
            number=consultation.regulation_number,
        )
    m = majority(consultation)
    _audit(
        actor,
        "issued",
        consultation,
        {
            "status": [Status.PUBLISHED, Status.ISSUED],
            "outcome": outcome,
            "number": consultation.regulation_number,
            "issued_on": issued_on,
            "majority": [m.support, m.oppose],
            "majority_reading": m.reading.value,
            "unapplied": len(unapplied),
            "departs": rules.departs_from_majority(rules.Outcome(outcome), m),
            **_backdate_changes(issued_on, today, backdate_reason),
        },
    )
    return consultation


@transaction.atomic
def set_council_report(
    *,
    actor: Any,
    consultation: Consultation,
    session_on: dt.date | None,
    presented_on: dt.date | None = None,
    sent_to_front_on: dt.date | None = None,
    backdate_reason: str = "",
    backdate_evidence: UploadedFile | None = None,
    today: dt.date | None = None,
) -> Consultation:
    """DC6: the People's Council's next regular session, and when the report was presented
    there and sent to the Fatherland Front. Those two are recorded facts: never a day still to
    come, never before the consultation began (``rules.report_date_problems``), and a day before
    today (newly recorded) needs a reason and evidence."""
    today = today or clock.today()
    errors: list[str] = []
    if consultation.status == Status.PREPARING:
        errors.append(_("The consultation is not published yet."))
    if session_on is None and (presented_on or sent_to_front_on):
        errors.append(_("Session: set the session date first."))
    errors += texts.problems(
        rules.report_date_problems(
            consultation.content_published_on,
            consultation.report_dated_on,
            presented_on,
            sent_to_front_on,
        )
    )
    changed = [
        (kind, on, label)
        for kind, on, before, label in (
            (
                FactKind.REPORT_PRESENTED,
                presented_on,
                consultation.report_presented_on,
                _("Presented on"),
            ),
            (
                FactKind.REPORT_SENT_TO_FRONT,
                sent_to_front_on,
                consultation.report_sent_to_front_on,
                _("Sent to the Front on"),
            ),
        )
        if on is not None and on != before
    ]
    for _kind, on, label in changed:
        errors += _event_day(
            on=on, today=today, reason=backdate_reason, evidence=backdate_evidence, label=label
        )
    if errors:
        raise ConsultationError(list(dict.fromkeys(errors)))
    consultation.council_session_on = session_on
    consultation.report_presented_on = presented_on
    consultation.report_sent_to_front_on = sent_to_front_on
    consultation.save(
        update_fields=[
            "council_session_on",
            "report_presented_on",
            "report_sent_to_front_on",
        ]
    )
    backdated = False
    for kind, on, _label in changed:
        _record_fact(
            actor=actor,
            consultation=consultation,
            kind=kind,
            on=on,
            today=today,
            reason=backdate_reason,
            evidence=backdate_evidence,
        )
        backdated = backdated or on < today
    _audit(
        actor,
        "report.set",
        consultation,
        {
            "session": session_on,
            "presented": presented_on,
            "front": sent_to_front_on,
            **(
                {"backdated": True, "recorded_on": today, "backdate_reason": nfc(backdate_reason)}
                if backdated
                else {}
            ),
        },
    )
    return consultation


@transaction.atomic
def issue_report_number(
    *,
    actor: Any,
    consultation: Consultation,
    on: dt.date | None = None,
    backdate_reason: str = "",
    backdate_evidence: UploadedFile | None = None,
    today: dt.date | None = None,
) -> str:
    """DC6 with DOC1: the report to the People's Council is issued — it takes the next number
    of the issuer's yearly series ("07/BC-UBND", ``rules.REPORT_SYMBOL``) now, is dated ``on``
    (today unless back-dated with a reason and evidence), and its PDF and DOCX are stored as
    issued and served byte for byte after. Once only; a change is :func:`correct_report`."""
    from danchu.consultations import papers

    today = today or clock.today()
    on = on or today
    if consultation.report_number:
        raise ConsultationError(
            [_("Report: it already has its number %(n)s.") % {"n": consultation.report_number}]
        )
    if consultation.status == Status.PREPARING:
        raise ConsultationError([_("The consultation is not published yet.")])
    errors = _event_day(
        on=on, today=today, reason=backdate_reason, evidence=backdate_evidence, label=_("Dated")
    )
    if errors:
        raise ConsultationError(errors)
    consultation.report_dated_on = on
    doc = _issue(
        actor=actor,
        consultation=consultation,
        kind=REPORT_KIND,
        title=f"Báo cáo kết quả lấy ý kiến — {consultation.title}",
        render=lambda issue: papers.report_files(consultation, issue),
        on=on,
        symbol=rules.REPORT_SYMBOL,
    )
    consultation.report_number = doc.number
    consultation.save(update_fields=["report_number", "report_dated_on"])
    _record_fact(
        actor=actor,
        consultation=consultation,
        kind=FactKind.REPORT_DATED,
        on=on,
        today=today,
        reason=backdate_reason,
        evidence=backdate_evidence,
    )
    _audit(
        actor,
        "report.numbered",
        consultation,
        {
            "number": consultation.report_number,
            "on": on,
            "document": doc.pk,
            **_backdate_changes(on, today, backdate_reason),
        },
    )
    return consultation.report_number


@transaction.atomic
def correct_report(*, actor: Any, consultation: Consultation, reason: str) -> str:
    """DC6: a correction of the issued report — a new numbered report, dated today, naming the
    one it replaces with the reason; the old one stays readable (``issuing.history``)."""
    from danchu.consultations import papers

    reason = nfc(reason)
    if not consultation.report_number:
        raise ConsultationError([_("Report: it has no number yet; issue it first.")])
    if not reason:
        raise ConsultationError([_("Correction: give the reason.")])
    _refuse_long((_("Reason"), rules.Limit.REASON, reason))
    before = consultation.report_number
    today = clock.today()
    consultation.report_dated_on = today
    doc = _issue(
        actor=actor,
        consultation=consultation,
        kind=REPORT_KIND,
        title=f"Báo cáo kết quả lấy ý kiến — {consultation.title} (đính chính)",
        render=lambda issue: papers.report_files(consultation, issue),
        on=today,
        symbol=rules.REPORT_SYMBOL,
        reason=reason,
    )
    consultation.report_number = doc.number
    consultation.save(update_fields=["report_number", "report_dated_on"])
    _record_fact(
        actor=actor, consultation=consultation, kind=FactKind.REPORT_DATED, on=today, today=today
    )
    _audit(
        actor,
        "report.corrected",
        consultation,
        {"number": [before, doc.number], "reason": reason, "document": doc.pk},
    )
    return doc.number


@transaction.atomic
def add_meeting(
    *,
    actor: Any,
    consultation: Consultation,
    body: str,
    starts_at: dt.datetime,
    place: str,
    village: AdminUnit | None = None,
    note: str = "",
) -> Any:
    """Issue 18: a conference of the plan (DC1), when and where, for the public page. Its body
    must gather an audience of the plan; a village must be one of the commune's."""
    from danchu.consultations.models import Meeting

    place = nfc(place)
    errors = _lengths((_("Place"), rules.Limit.DETAIL, place), (_("Note"), rules.Limit.NOTE, note))
    if not place:
        errors.append(_("Place: say where the conference is held."))
    if _audience_of_body(consultation, body) is None:
        errors.append(
            _("DC1: %(body)s gathers no audience in this plan.") % {"body": Body(body).label}
        )
    if village is not None and village.parent_id != consultation.unit_id:
        errors.append(_("Village: it is not a village of this commune."))
    if errors:
        raise ConsultationError(errors)
    meeting = Meeting.objects.create(
        consultation=consultation,
        body=body,
        starts_at=starts_at,
        place=place,
        village=village,
        note=nfc(note),
    )
    _audit(
        actor,
        "meeting.added",
        consultation,
        {"body": body, "starts_at": starts_at.isoformat(), "place": place},
    )
    return meeting
