"""Budget figures: appropriations as voted, commitments and payments computed from grants and payments.

Public pages show them: every figure reads the public rows only (`public()`, core.rights), so a
project staff keep hidden never counts in a public total.

Figures are kept until the next change of any governed record (core.cache.remember), so a public
page never shows stale money and costs three queries at most.
"""

import math
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Prefetch, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import get_language

from activities.models import Activity
from cooperation.models import Appropriation, Disbursement, Grant, Modality, Payment, Project
from core import dac
from core.cache import remember
from partners.models import Partner

CHART_HEIGHT = 100
# An annual report covers a year from the OECD's Development Assistance Committee (1961) to this one.
FIRST_REPORT_YEAR = 1961
DIRECT_BILATERAL = "direct-bilateral"  # the seed frame's modality of the Region's own projects
# The annual report lists this many of the year's partner activities; the retrospective has them all.
REPORT_ACTIVITIES = 100


def budget_evolution():
    """Computed once per change of any record (core.cache), shared by every page and language."""
    return remember(f"cooperation:budget:{get_language()}", _budget_evolution)  # modality names


def _budget_evolution():
    """[{year, rows: [{modality, appropriation, committed, paid}], totals...}] newest year first."""
    modalities = {m.pk: str(m) for m in Modality.objects.public().order_by("order", "slug")}
    cells = defaultdict(lambda: {"appropriation": Decimal(0), "committed": Decimal(0), "paid": Decimal(0)})
    for year, modality, amount in Appropriation.objects.public().values_list("year", "modality", "amount"):
        cells[year, modality]["appropriation"] += amount
    committed = (
        Grant.objects.public()
        .annotate(year=ExtractYear("awarded_on"))
        .values_list("year", "application__call__modality")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for year, modality, total in committed:
        cells[year, modality]["committed"] += total
    paid = (
        Payment.objects.public()
        .annotate(year=ExtractYear("paid_on"))
        .values_list("year", "tranche__grant__application__call__modality")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for year, modality, total in paid:
        cells[year, modality]["paid"] += total
    # Direct bilateral projects: committed on their commitment day, paid by their disbursements.
    direct = Modality.objects.filter(slug=DIRECT_BILATERAL).values_list("pk", flat=True).first()
    if direct is not None:
        projects = Project.objects.public().annotate(year=ExtractYear("committed_on")).values_list("year")
        for year, total in projects.annotate(total=Sum("budget")).order_by():
            cells[year, direct]["committed"] += total
        disbursed = Disbursement.objects.public().annotate(year=ExtractYear("paid_on")).values_list("year")
        for year, total in disbursed.annotate(total=Sum("amount")).order_by():
            cells[year, direct]["paid"] += total
    years = sorted({year for year, _modality in cells}, reverse=True)
    result = []
    for year in years:
        rows = [{"modality": name, **cells[year, pk]} for pk, name in modalities.items() if (year, pk) in cells]
        totals = {k: sum((row[k] for row in rows), Decimal(0)) for k in ("appropriation", "committed", "paid")}
        result.append({"year": year, "rows": rows, **totals})
    return _with_chart(result)


def _with_chart(years):
    """Bar heights (0 to CHART_HEIGHT) for the evolution chart, drawn as SVG without script."""
    highest = max((max(y["appropriation"], y["committed"], y["paid"]) for y in years), default=0) or 1
    for index, year in enumerate(reversed(years)):
        year["x"] = index * 60
        for key in ("appropriation", "committed", "paid"):
            year[f"{key}_height"] = float(year[key] / highest * CHART_HEIGHT)
            year[f"{key}_y"] = CHART_HEIGHT - year[f"{key}_height"]
    return years


def annual_report(year):
    """Projects granted in the year by country and by sector, with their amounts."""
    grants = Grant.objects.public().filter(awarded_on__year=year)
    by_country = list(
        grants.values("application__country").annotate(count=Count("pk"), total=Sum("amount")).order_by("-total")
    )
    by_sector = defaultdict(lambda: {"count": 0, "total": Decimal(0)})
    for sectors, amount in grants.values_list("application__sectors", "amount"):
        codes = sectors.split()
        for code in codes:
            by_sector[code]["count"] += 1
            by_sector[code]["total"] += amount / len(codes)
    activities = (
        Activity.objects.public()
        .filter(start_date__year=year, partners__in=Partner.objects.public().filter(country__in=dac.recipients()))
        .distinct()
        .order_by("start_date", "pk")
    )
    return {
        # The year's activities with partners in countries of the DAC list, as a report lists them.
        "activities": activities.only(*Activity.LIST_FIELDS).prefetch_related(
            Prefetch("partners", queryset=Partner.objects.public().order_by(*Partner.objects.by_name()))
        )[:REPORT_ACTIVITIES],
        "activity_count": activities.count(),
        "by_country": by_country,
        "by_sector": sorted(by_sector.items(), key=lambda item: -item[1]["total"]),
        "count": grants.count(),
        "samples": grants.filter(is_sample=True).exists(),
    }


# The annual report as a publication: one year, its budget by modality as a chart with axes and
# values, the projects by country and sector by name, amounts as the reader's language writes them.

CHART_BARS = ("appropriation", "committed", "paid")
CHART_WIDTH = 480  # the plot area, in the SVG's units (points in the PDF)
CHART_LABEL = 16  # the modality's name above its three bars
CHART_BAR = 11
CHART_GAP = 3
CHART_GROUP_GAP = 12
CHART_AXIS = 28  # below the plot: the axis and its values
CHART_VALUE = 90  # room right of the longest bar for its value


def _nice_step(value):
    """A round step for an axis: 1, 2, 2.5 or 5 times a power of ten, at least `value`."""
    if value <= 0:
        return Decimal(1)
    power = Decimal(10) ** (len(str(int(value))) - 1)
    for factor in (1, 2, Decimal("2.5"), 5, 10):
        if power * factor >= value:
            return power * factor
    return power * 10


def year_budget(year):
    """The year's row of the budget ({year, rows, totals}), or None when nothing was voted, committed or paid."""
    return next((entry for entry in budget_evolution() if entry["year"] == year), None)


def modality_chart(budget):
    """The geometry of the budget-by-modality chart: a group of three horizontal bars
    (appropriation, committed, paid) per modality, an axis with round values, each bar's value."""
    if not budget or not budget["rows"]:
        return None
    highest = max(row[key] for row in budget["rows"] for key in CHART_BARS)
    step = _nice_step(highest / 4)
    top = step * max(1, math.ceil(highest / step))
    scale = CHART_WIDTH / float(top)
    groups, y = [], 0
    for row in budget["rows"]:
        bars = []
        for index, key in enumerate(CHART_BARS):
            bar_y = y + CHART_LABEL + index * (CHART_BAR + CHART_GAP)
            bars.append({"key": key, "y": bar_y, "width": float(row[key]) * scale, "value": row[key]})
        groups.append({"name": row["modality"], "y": y, "bars": bars})
        y += CHART_LABEL + len(CHART_BARS) * (CHART_BAR + CHART_GAP) + CHART_GROUP_GAP
    ticks = [{"x": float(step * n) * scale, "value": step * n} for n in range(int(top / step) + 1)]
    return {
        "groups": groups,
        "ticks": ticks,
        "plot_height": y,
        "height": y + CHART_AXIS,
        "width": CHART_WIDTH + CHART_VALUE,
        "plot_width": CHART_WIDTH,
        "bar": CHART_BAR,
    }


def report_context(year, report=None, preview=False):
    """What the annual report shows for one year, in the current language."""
    budget = year_budget(year)
    return {
        "year": year,
        "annual_report": report,
        "preview": preview,
        "budget": budget,
        "chart": modality_chart(budget),
        "report": annual_report(year),
    }
