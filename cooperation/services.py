"""Writes of the development cooperation module that span several records, each atomic."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cooperation import mail
from cooperation.models import (
    ActivityStatus,
    AnnualReport,
    Application,
    Call,
    Evaluation,
    Grant,
    Letter,
    Payment,
    Project,
    Report,
    Score,
    Tranche,
)
from core.cache import content_changed
from core.numbers import money

# Applications


def next_reference(call):
    year = timezone.localtime(call.closes_at).year
    count = Application.objects.filter(call=call).exclude(reference="").count() + 1
    return f"DEV-{year}-{call.pk}-{count:04d}"


@transaction.atomic
def application_submit(*, application, now=None):
    """Submit a draft before its call's deadline (to the second); a receipt goes by e-mail."""
    now = now or timezone.now()
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.state != Application.State.DRAFT:
        raise ValidationError(_("This application has already been submitted."))
    deadline = application.call.closes_at
    if now >= deadline and not application.deadline_exception:
        shown = date_format(timezone.localtime(deadline), "DATETIME_FORMAT")
        seconds = timezone.localtime(deadline).strftime("%H:%M:%S")
        raise ValidationError(
            _("The deadline has passed: submissions closed on %(deadline)s (%(seconds)s, Brussels time).")
            % {"deadline": shown, "seconds": seconds}
        )
    if now < application.call.opens_at:
        raise ValidationError(_("This call is not open yet."))
    errors = application.budget_errors()
    if not application.attachments.exists():
        errors.append(_("Attach at least one document (PDF)."))
    if errors:
        raise ValidationError(errors)
    application.submit(now=now, reference=next_reference(application.call))
    application.save()
    transaction.on_commit(lambda: mail.send_receipt(application))
    return application


# Evaluation


@transaction.atomic
def evaluator_assign(*, application, evaluator, assigned_by):
    """A call's contact officer (or a head of unit) asks a colleague to evaluate an application."""
    application = Application.objects.select_related("call").get(pk=application.pk)
    call = application.call
    if not call.rights.is_editable(call, assigned_by):
        raise PermissionDenied
    if application.state == Application.State.DRAFT:
        raise ValidationError(_("A draft cannot be evaluated."))
    evaluation, _created = Evaluation.objects.get_or_create(application=application, evaluator=evaluator)
    return evaluation


@transaction.atomic
def conflict_declare(*, evaluation, has_conflict):
    """The evaluator's declaration, final: a conflict withholds the application from them (core.rights)."""
    Evaluation.objects.select_for_update().filter(pk=evaluation.pk).first()  # one declaration at a time
    evaluation.refresh_from_db()
    if evaluation.conflict != Evaluation.Conflict.UNDECLARED:
        raise ValidationError(_("The declaration has already been made."))
    evaluation.declare(has_conflict=has_conflict, now=timezone.now())
    evaluation.save()
    return evaluation


@transaction.atomic
def conflict_correct(*, evaluation, conflict, reason, corrected_by):
    """A declaration corrected by one of the call's officers, with a reason; the audit keeps both."""
    Evaluation.objects.select_for_update().filter(pk=evaluation.pk).first()
    evaluation.refresh_from_db()
    call = evaluation.application.call
    if not call.rights.is_editable(call, corrected_by) or corrected_by.pk == evaluation.evaluator_id:
        raise PermissionDenied
    if not Evaluation.rights.is_visible(evaluation, corrected_by):
        raise PermissionDenied  # the application is withheld from them: their own conflict, or none declared
    if evaluation.conflict == Evaluation.Conflict.UNDECLARED:
        raise ValidationError(_("Nothing to correct: the evaluator has not declared yet."))
    if conflict not in (Evaluation.Conflict.NONE, Evaluation.Conflict.CONFLICT) or conflict == evaluation.conflict:
        raise ValidationError(_("Choose the other answer to correct the declaration."))
    if not reason.strip():
        raise ValidationError(_("Say why the declaration is corrected."))
    evaluation.correct(conflict=conflict, reason=reason.strip(), corrected_by=corrected_by, now=timezone.now())
    evaluation.save()
    return evaluation


@transaction.atomic
def scores_record(*, evaluation, scores, comment=""):
    """Scores (0 to 10) per criterion of the call's grid: {criterion: (score, comment)}."""
    Evaluation.objects.select_for_update().filter(pk=evaluation.pk).first()
    evaluation.refresh_from_db()
    if not evaluation.may_read_application():
        raise PermissionDenied
    grid = list(evaluation.application.call.grid.all())
    if sum(criterion.weight for criterion in grid) != 100:
        raise ValidationError(_("The call's evaluation grid must have weights that total 100 %."))
    if {criterion.pk for criterion in grid} != {criterion.pk for criterion in scores}:
        raise ValidationError(_("Score every criterion of the grid."))
    for criterion, (value, note) in scores.items():
        score = Score(evaluation=evaluation, criterion=criterion, score=value, comment=note)
        score.full_clean(exclude=["evaluation", "criterion"], validate_unique=False, validate_constraints=False)
        Score.objects.update_or_create(
            evaluation=evaluation, criterion=criterion, defaults={"score": value, "comment": note}
        )
    evaluation.comment = comment
    evaluation.save()
    return evaluation


def ranking(call, reader=None):
    """Submitted applications with their average weighted total, best first; ties by reference.

    With `reader`: only the applications that user may see (none withheld from them, core.rights),
    and, while the call is open, an evaluator of an application sees only their own marks on it:
    never a colleague's, nor the average that would tell it, before the end.
    """
    applications = Application.objects.for_ranking(call).prefetch_related(
        "evaluations__scores__criterion", "evaluations__evaluator"
    )
    if reader is not None:
        applications = applications.visible_to(reader)
    still_open = timezone.now() < call.closes_at
    rows = []
    for application in applications:
        cleared = [e for e in application.evaluations.all() if e.conflict == Evaluation.Conflict.NONE]
        marks = [(e, e.total().quantize(Decimal("0.01"))) for e in cleared if e.scores.all()]
        totals = [total for _evaluation, total in marks]
        average = (sum(totals) / len(totals)).quantize(Decimal("0.01")) if totals else None
        evaluates = reader is not None and any(e.evaluator_id == reader.pk for e in application.evaluations.all())
        if still_open and evaluates:
            marks = [(evaluation, total) for evaluation, total in marks if evaluation.evaluator_id == reader.pk]
            average = None
        flagged = average is not None and average < call.threshold
        rows.append(
            {
                "application": application,
                "total": average,
                "evaluations": len(totals),
                "marks": marks,
                "flagged": flagged,
            }
        )
    rows.sort(key=lambda row: (row["total"] is None, -(row["total"] or 0), row["application"].reference))
    return rows


@transaction.atomic
def application_decide(*, application, decision, decided_by, now=None):
    """Selected, reserve or rejected; refused when the selected amounts would exceed the envelope."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    call = Call.objects.select_for_update().get(pk=application.call_id)
    if not decided_by.has_perm("cooperation.change_application") or not call.rights.is_editable(call, decided_by):
        raise PermissionDenied
    if application.state == Application.State.DRAFT:
        raise ValidationError(_("A draft cannot be decided on."))
    if decision not in Application.Decision.values:
        raise ValidationError(_("Unknown decision."))
    now = now or timezone.now()
    if now < call.closes_at:
        raise ValidationError(_("Decisions are taken once the call has closed, when every application is in."))
    scored = application.evaluations.filter(conflict=Evaluation.Conflict.NONE, scores__isnull=False).exists()
    if decision != Application.Decision.REJECTED and not scored:
        raise ValidationError(_("An application is selected or kept in reserve only once it has been evaluated."))
    application.decide(decision=decision, now=now)
    application.save()  # refused beyond the envelope (Application.broken_rules), the call locked above
    letter = letter_keep(application=application)
    transaction.on_commit(lambda: mail.send_decision(letter))
    return application


@transaction.atomic
def decisions_take(*, plan, decided_by, now=None):
    """Several decisions confirmed together: all are taken, or none. Applications leaving the
    selection go first, so that the envelope they free counts for those entering it."""
    for application, decision in sorted(plan, key=lambda item: item[1] == Application.Decision.SELECTED):
        application_decide(application=application, decision=decision, decided_by=decided_by, now=now)


def ranking_size(call):
    """How many applications the ranking has for someone who may see them all."""
    return Application.objects.for_ranking(call).count()


def letter_keep(*, application):
    """The decision letter, printed once and kept as sent: the applicant reads it in their space."""
    from cooperation.letters import decision_letter_pdf

    language = application.organisation.language
    pdf = decision_letter_pdf(application)
    letter = Letter(application=application, kind=Letter.Kind.DECISION, language=language)
    letter.file.save(f"{application.reference}-decision.pdf", ContentFile(pdf), save=False)
    letter.save()
    return letter


# Grants and payments


@transaction.atomic
def grant_award(*, application, tranches, reports, awarded_on):
    """A grant for a selected application, with tranches that sum to it and reports due on fixed dates.

    `tranches` is a list of amounts; `reports` a list of (kind, due_on). Tranche n > 1 is paid
    once report n - 1 is approved.
    """
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.decision != Application.Decision.SELECTED:
        raise ValidationError(_("Only a selected application gets a grant."))
    amount = application.requested_amount
    if sum(tranches, Decimal(0)) != amount:
        raise ValidationError(_("The tranches must add up to the grant (%(amount)s).") % {"amount": money(amount)})
    if len(reports) < len(tranches) - 1:
        raise ValidationError(_("Each tranche after the first depends on a report."))
    grant = Grant.objects.create(application=application, amount=amount, awarded_on=awarded_on)
    created_reports = [Report.objects.create(grant=grant, kind=kind, due_on=due_on) for kind, due_on in reports]
    for order, tranche_amount in enumerate(tranches, start=1):
        after = created_reports[order - 2] if order > 1 else None
        Tranche.objects.create(grant=grant, order=order, amount=tranche_amount, after_report=after)
    return grant


@transaction.atomic
def payment_record(*, tranche, amount, paid_on, recorded_by, reference=""):
    """Finance records a payment: never beyond the grant, a later tranche only after its report."""
    if not recorded_by.has_perm("cooperation.add_payment") or not Tranche.rights.is_editable(tranche, recorded_by):
        raise PermissionDenied
    Grant.objects.select_for_update().get(pk=tranche.grant_id)
    payment = Payment(tranche=tranche, amount=amount, paid_on=paid_on, recorded_by=recorded_by, reference=reference)
    payment.full_clean()
    payment.save()
    return payment


@transaction.atomic
def report_submit(*, report, file, today=None):
    """The grant holder's report, once: a sent report is read by staff, not replaced."""
    Report.objects.select_for_update().filter(pk=report.pk).first()
    report.refresh_from_db()
    if report.submitted_on is not None:
        raise ValidationError(_("This report has already been sent."))
    report.file.save(file.name, file, save=False)
    report.submitted_on = today or timezone.localdate()
    report.save()
    return report


@transaction.atomic
def report_approve(*, report, approved_on=None):
    """Staff approve a report the grant holder sent; the tranche that waits for it can be paid."""
    Report.objects.select_for_update().filter(pk=report.pk).first()
    report.refresh_from_db()
    report.approved_on = approved_on or timezone.localdate()
    report.save()
    return report


@transaction.atomic
def grant_close(*, grant, closed_on):
    """Close a grant once every report is approved; what was not paid stays unpaid."""
    if grant.reports.filter(approved_on__isnull=True).exists():
        raise ValidationError(_("A grant is closed only once all its reports are approved."))
    grant.closed_on = closed_on
    grant.activity_status = ActivityStatus.CLOSED
    grant.save()
    return grant


def reminders_send(*, today, days_before=14):
    """Remind organisations of reports due soon and of missing reports; each reminder goes once.

    Each report is claimed with a conditional update, so two workers never send the same one.
    """
    sent = 0
    for field, reports in (
        ("reminded_before_on", Report.objects.to_remind_before(today, days_before)),
        ("reminded_after_on", Report.objects.to_remind_after(today)),
    ):
        for report in reports.select_related("grant__application__organisation"):
            with transaction.atomic():
                claimed = Report.objects.filter(pk=report.pk, **{f"{field}__isnull": True}).update(**{field: today})
                if claimed:
                    mail.send_report_reminder(report, is_late=field == "reminded_after_on")
                    sent += 1
    return sent


# Publication


def activity_statuses_update(*, today):
    """Keep the status IATI publishes true: a grant past its planned end is being completed, and
    closed once every report is approved; a direct bilateral project past its end is being
    completed (its officers close it). Returns the number of grants and projects moved.

    Each move is a conditional update on the status read, so two runs at once move a record once.
    """
    moved = 0
    open_grants = (
        Grant.objects.exclude(activity_status=ActivityStatus.CLOSED)
        .select_related("application")
        .annotate(unapproved=Count("reports", filter=Q(reports__approved_on__isnull=True)))
    )
    for grant in open_grants.iterator(chunk_size=1000):
        status = grant.status_on(today, reports_approved=grant.unapproved == 0)
        if status != grant.activity_status:
            with transaction.atomic():
                moved += Grant.objects.filter(pk=grant.pk, activity_status=grant.activity_status).update(
                    activity_status=status, changed_at=timezone.now()
                )
    with transaction.atomic():
        moved += Project.objects.filter(status=ActivityStatus.IMPLEMENTATION, ends_on__lt=today).update(
            status=ActivityStatus.FINALISATION, changed_at=timezone.now()
        )
    if moved:
        content_changed()
    return moved


@transaction.atomic
def annual_report_publish(*, report, published_by, now=None):
    """Publish the year's report: its PDF in each language is written once and kept as it is."""
    from cooperation import letters

    if not published_by.has_perm("cooperation.publish_annualreport") or not AnnualReport.rights.is_editable(
        report, published_by
    ):
        raise PermissionDenied
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if report.is_published():
        raise ValidationError(_("This report is already published: a published report never changes."))
    files = {
        language: ContentFile(letters.annual_report_pdf(report.year, language, report))
        for language, _name in settings.LANGUAGES
    }
    report.publish(files=files, published_by=published_by, now=now or timezone.now())
    report.save()
    return report
