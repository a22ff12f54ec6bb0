"""The year pages (``?year=`` on the overview, secretariat and axis pages) and the groups side by side (``/groups/``).

Without ``?year=`` the overview, secretariat and axis pages are the quarter's (:mod:`dashboards.views`);
with it they show the year to date (:mod:`indicators.annual`). Groups and national ranks come from
:mod:`indicators.groups`, computed from the scorecards the page reads anyway.
"""

from urllib.parse import urlencode

from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _

from dashboards import charts, exports, page_cache, selectors, views, year_tables
from indicators import annual, groups
from indicators.scoring import scorecard
from madinati.bilingual import quarter_label
from programme.params import parse_group, parse_period


def parse_year(raw: str | None, years: list[int]) -> int | None:
    """``None`` when absent; a year of the programme's reporting periods; else a friendly 400."""
    if raw in (None, ""):
        return None
    if raw.isascii() and raw.isdigit() and int(raw) in years:
        return int(raw)
    raise BadRequest(
        _("“%(value)s” is not a year of the programme; choose one of %(years)s.")
        % {"value": raw[:20], "years": ", ".join(str(y) for y in years)}
    )


def _check_export(request):
    fmt = request.GET.get("export")
    if fmt and fmt not in exports.EXPORT_FORMATS:
        raise BadRequest(_("“%(value)s” is not an export format; use csv or xlsx.") % {"value": fmt[:20]})


def _query(**params) -> str:
    return urlencode({k: v for k, v in params.items() if v is not None})


def _reported_by_group(card) -> dict[int, set[int]]:
    reported: dict[int, set[int]] = {}
    for s in card.secretariats:
        if s.reported:
            reported.setdefault(s.secretariat.group, set()).add(s.secretariat.pk)
    return reported


def _year_page(request, template: str, *, year: int, years: list[int], filters, group, query, context: dict):
    params = views.Params(period=None, group=group, filters=filters)
    return page_cache.render_page(
        request,
        f"dashboards/{template}",
        {
            "params": params,
            "period": None,
            "group": group,
            "year": year,
            "years": years,
            "year_selector": True,
            "query": query,
            **context,
        },
    )


def _year(request):
    """``(year, years, filters)``: ``year`` is ``None`` when the page is the quarter's."""
    filters = selectors.filter_options()
    years = annual.years_of(filters.periods)
    return parse_year(request.GET.get("year"), years), years, filters


@page_cache.cached_page
def overview(request):
    """The programme overview: the quarter's, or with ``?year=`` the year's ("2017 achievements")."""
    if not request.GET.get("year"):
        return views.home(request)
    _check_export(request)
    group = parse_group(request.GET.get("group"))
    year, years, filters = _year(request)
    everyone = annual.annual_card(year=year)
    reported = _reported_by_group(everyone)
    if "group" not in request.GET:  # opens on the group that has figures, not on empty rows
        group = groups.default_group(reported, filters.groups)
    card = everyone if group is None else annual.annual_card(year=year, group=group)
    query = _query(year=year, group=group)
    national = groups.national_ranks(everyone)
    shown = {g for g in filters.groups if reported.get(g)}
    tables = [
        year_tables.year_ranking(card=card, national=national, shown_groups=shown, query=query),
        year_tables.year_axes(card=card, query=query),
    ]
    if response := views._export(request, tables, f"overview-{year}" + (f"-group-{group}" if group else "")):
        return response
    return _year_page(
        request,
        "year_overview.html",
        year=year,
        years=years,
        filters=filters,
        group=group,
        query=query,
        context={
            "card": card,
            "tables": {t.id: t for t in tables},
            "through": card.through,
            "axes_chart": charts.against_target(
                labels=[a.axis.name for a in card.axes],
                achieved=[a.progress for a in card.axes],
                targets=[a.planned for a in card.axes],
                title=_("Axes: progress against the plan for %(year)s (%%)") % {"year": year},
                achieved_name=_("Progress (%)"),
                target_name=_("Planned for the year (%)"),
            ),
            "without_data": [g for g in filters.groups if not reported.get(g) and group in (None, g)],
        },
    )


@page_cache.cached_page
def secretariat(request, code: str):
    """One secretariat's year: the year's figure of each indicator against its annual target, its ranks."""
    if not request.GET.get("year"):
        return views.secretariat_detail(request, code)
    _check_export(request)
    group = parse_group(request.GET.get("group"))
    year, years, filters = _year(request)
    found = views._get(selectors.secretariat_by_code, code)
    card = annual.annual_card(year=year)  # every group: its rank in the group and its national rank
    summary = card.secretariat(found.code)
    query = _query(year=year, group=group)
    tables = [
        year_tables.year_indicators(card=card, summary=summary, query=query),
        year_tables.year_secretariat_axes(card=card, summary=summary, query=query),
    ]
    if response := views._export(request, tables, f"{found.code}-{year}"):
        return response
    return _year_page(
        request,
        "year_secretariat.html",
        year=year,
        years=years,
        filters=filters,
        group=group,
        query=query,
        context={
            "secretariat": found,
            "card": card,
            "summary": summary,
            "national_rank": groups.national_ranks(card).get(found.code),
            "group_size": sum(1 for s in card.secretariats if s.secretariat.group == found.group),
            "national_size": len(card.secretariats),
            "achievement_chart": charts.status_bars(
                labels=[i.name for i in card.indicators],
                achievements=[summary.indicators[i.code].achievement for i in card.indicators],
                statuses=[summary.indicators[i.code].status for i in card.indicators],
                title=_("Achievement of each indicator against its annual target (%)"),
            ),
            "tables": {t.id: t for t in tables},
        },
    )


@page_cache.cached_page
def axis(request, code: str):
    """One axis over the year: its progress at the end of the year to date against the plan for the year."""
    if not request.GET.get("year"):
        return views.axis_detail(request, code)
    _check_export(request)
    group = parse_group(request.GET.get("group"))
    year, years, filters = _year(request)
    found = views._get(selectors.axis_by_code, code)
    card = annual.annual_card(year=year, group=group)
    query = _query(year=year, group=group)
    tables = [year_tables.year_axis_secretariats(card=card, axis_code=found.code, query=query)]
    if response := views._export(request, tables, f"axis-{found.code}-{year}"):
        return response
    return _year_page(
        request,
        "year_axis.html",
        year=year,
        years=years,
        filters=filters,
        group=group,
        query=query,
        context={"axis": found, "card": card, "summary": card.axis(found.code), "tables": {t.id: t for t in tables}},
    )


@page_cache.cached_page
def groups_page(request):
    """The groups side by side, for a quarter (``?period=``, the default) or a year (``?year=``)."""
    _check_export(request)
    year, years, filters = _year(request)
    if year is not None:
        card = annual.annual_card(year=year)
        reported = card.reported
        label = str(year)
        query = _query(year=year)
    else:
        period = parse_period(request.GET.get("period")) or selectors.default_period(filters.periods)
        if period is None:
            return page_cache.render_page(
                request, "dashboards/groups.html", {"empty": True, "params": views.Params(None, None, filters)}
            )
        card = scorecard(period=period)
        by_group = groups.reported_at(period=period)
        reported = set().union(*by_group.values()) if by_group else set()
        label = quarter_label(period)
        query = _query(period=period.key)
    rows = groups.compare_groups(
        card=card, reported=reported, initiatives=groups.initiative_axes(), groups=filters.groups
    )
    national = groups.national_ranks(card)
    caption = _("The groups side by side: %(when)s") % {"when": label}
    tables = [year_tables.groups_table(rows=rows, axes=card.axis_objects, caption=caption, query=query)]
    members = {
        row.group: year_tables.group_members(row=row, national=national, query=query) for row in rows if row.has_data
    }
    tables += list(members.values())
    if response := views._export(request, tables, "groups-" + (str(year) if year else card.period.key)):
        return response
    return page_cache.render_page(
        request,
        "dashboards/groups.html",
        {
            "params": views.Params(period=None if year else card.period, group=None, filters=filters),
            "period": None if year else card.period,
            "group": None,
            "year": year,
            "years": years,
            "year_selector": True,
            "no_group_selector": True,
            "query": query,
            "card": card,
            "when": label,
            "rows": rows,
            "members": [(row, members.get(row.group)) for row in rows],
            "without_data": [row.group for row in rows if not row.has_data],
            "tables": {t.id: t for t in tables},
        },
    )
