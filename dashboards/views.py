"""Dashboard pages (DESIGN §6): parse ``?period=`` and ``?group=``, read, render or export.

Reads are in :mod:`dashboards.selectors` (scores from :mod:`indicators.scoring`),
tables in :mod:`dashboards.exports`, figures in :mod:`dashboards.charts`.
"""

from dataclasses import dataclass, replace
from urllib.parse import urlencode

from django.core.exceptions import BadRequest, ObjectDoesNotExist
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from dashboards import charts, exports, page_cache, plan_pages, selectors, spread
from dashboards.review_pack import build_review_pack
from indicators import groups
from indicators.scoring import latest_period_with_data, progress_trend, scorecard, scorecards
from madinati.bilingual import localized, quarter_label
from meetings import selectors as meetings_selectors
from meetings.models import Snapshot
from meetings.snapshots import snapshot_by_key
from programme.models import ReportingPeriod
from programme.params import parse_group, parse_period


@dataclass(frozen=True)
class Params:
    period: ReportingPeriod | None
    group: int | None
    filters: selectors.Filters

    @property
    def query(self) -> str:
        """``period=…&group=…`` for links that keep the selection."""
        params = {}
        if self.period is not None:
            params["period"] = self.period.key
        if self.group is not None:
            params["group"] = self.group
        return urlencode(params)


def _params(request) -> Params:
    """Malformed parameters are a ``BadRequest`` (the friendly 400 page) before anything is read."""
    group = parse_group(request.GET.get("group"))
    period = parse_period(request.GET.get("period"))
    export = request.GET.get("export")
    if export and export not in exports.EXPORT_FORMATS:
        raise BadRequest(_("“%(value)s” is not an export format; use csv or xlsx.") % {"value": export[:20]})
    filters = selectors.filter_options()
    if period is None:
        period = selectors.default_period(filters.periods)
    return Params(period=period, group=group, filters=filters)


def _get(finder, code: str):
    try:
        return finder(code)
    except ObjectDoesNotExist:
        raise Http404(code) from None


def _export(request, tables: list[exports.Table], filename: str):
    """``None`` unless ``?export=`` asks for one of the page's tables."""
    fmt = request.GET.get("export")
    if not fmt:
        return None
    table = exports.find(tables, request.GET.get("table"))
    if table is None:
        raise BadRequest(_("This page has no table “%(value)s”.") % {"value": request.GET.get("table", "")[:40]})
    return exports.respond(table, fmt, f"{filename}-{table.id}", rtl=get_language_bidi())


def _page(request, template: str, params: Params, context: dict):
    # A quarter whose opening date has not come has no figures yet, and says so (never "closed").
    not_yet_open = params.period is not None and timezone.localdate() < params.period.opens_on
    # The invented structure is demo data too: the scorecard's indicators and axes, the page's own subject.
    card = context.get("card")
    shown = [*(card.indicators if card else ()), *(card.axis_objects if card else ())]
    shown += [context[name] for name in ("initiative", "indicator", "axis") if name in context]
    structure_is_demo = any(getattr(item, "is_demo", False) for item in shown)
    # Groups whose members the seed report does not name (only group two's): shown as assumed.
    members = [row.secretariat for row in card.secretariats] if card else []
    members += [context["secretariat"]] if "secretariat" in context else []
    groups_assumed = sorted({s.group for s in members if getattr(s, "group_is_assumed", False)})
    return page_cache.render_page(
        request,
        f"dashboards/{template}",
        {
            "params": params,
            "period": params.period,
            "group": params.group,
            "query": params.query,
            "not_yet_open": not_yet_open,
            "structure_is_demo": structure_is_demo,
            "groups_assumed": groups_assumed,
            **context,
        },
    )


def _suffix(params: Params) -> str:
    suffix = params.period.key if params.period else "none"
    return f"{suffix}-group-{params.group}" if params.group is not None else suffix


def home(request):
    """Programme overview: headline figures, secretariat × axis heatmap, ranking, progress by quarter, top risks."""
    params = _params(request)
    if params.period is None:
        return _page(request, "overview.html", params, {"empty": True})
    reported = groups.reported_at(period=params.period)
    if "group" not in request.GET:  # opens on the group that has figures, not on rows of dashes (issue 15)
        params = replace(params, group=groups.default_group(reported, params.filters.groups))
    window = selectors.trend_window(params.filters.periods, params.period)
    # The quarter is scored; of the quarters before, the trend reads only their progress.
    card = scorecard(period=params.period, group=params.group)
    cards = progress_trend(periods=window, group=params.group)
    national = groups.national_ranks(card if params.group is None else scorecard(period=params.period))
    history = [(p, cards[p.pk].overall) for p in window]
    tables = exports.overview_tables(
        card=card,
        cards=cards,
        window=window,
        history=history,
        query=params.query,
        national=national,
        shown_groups={g for g in params.filters.groups if reported.get(g)},
    )
    if response := _export(request, tables, f"overview-{_suffix(params)}"):
        return response
    return _page(
        request,
        "overview.html",
        params,
        {
            "card": card,
            "tables": {t.id: t for t in tables},
            "without_data": [g for g in params.filters.groups if not reported.get(g) and params.group in (None, g)],
            "nothing_to_show": params.group is not None and not groups.shows_figures(card),
            "programme_progress": history[-1][1],
            "awaiting_review": selectors.awaiting_review(period=params.period, group=params.group),
            "heatmap": charts.overview_heatmap(card),
            "progress_chart": charts.overview_progress(cards=cards, window=window, history=history),
        },
    )


def secretariat_detail(request, code: str):
    """One secretariat: its seven indicators, progress per axis, initiatives, rank in its group, registers."""
    params = _params(request)
    secretariat = _get(selectors.secretariat_by_code, code)
    if params.period is None:
        return _page(request, "secretariat.html", params, {"empty": True, "secretariat": secretariat})
    window = selectors.trend_window(params.filters.periods, params.period)
    # Rank and change are within the secretariat's own group, whatever group the selector shows.
    cards = scorecards(periods=window, group=secretariat.group)
    card = cards[params.period.pk]
    summary = card.secretariat(secretariat.code)
    initiatives = selectors.secretariat_initiatives(secretariat)
    tables = exports.secretariat_tables(
        card=card, cards=cards, window=window, summary=summary, initiatives=initiatives, query=params.query
    )
    if response := _export(request, tables, f"{secretariat.code}-{_suffix(params)}"):
        return response
    ranked = [s for s in card.secretariats if s.secretariat.group == secretariat.group]
    return _page(
        request,
        "secretariat.html",
        params,
        {
            "secretariat": secretariat,
            "card": card,
            "summary": summary,
            "group_size": len(ranked),
            "tables": {t.id: t for t in tables},
            "achievement_chart": charts.secretariat_achievement(card=card, summary=summary),
            "axes_chart": charts.secretariat_axes(card=card, summary=summary),
            "trend_chart": charts.secretariat_trend(cards=cards, window=window, secretariat=secretariat),
            **plan_pages.secretariat_extras(secretariat=secretariat, period=params.period),
        },
    )


def axis_detail(request, code: str):
    """One axis: overall progress, progress per secretariat, its initiatives and the secretariat × initiative matrix."""
    params = _params(request)
    axis = _get(selectors.axis_by_code, code)
    if params.period is None:
        return _page(request, "axis.html", params, {"empty": True, "axis": axis})
    card = scorecard(period=params.period, group=params.group)
    initiatives = selectors.axis_initiatives(axis)
    summary = card.axis(axis.code)
    tables = exports.axis_tables(card=card, axis_summary=summary, initiatives=initiatives, query=params.query)
    if response := _export(request, tables, f"axis-{axis.code}-{_suffix(params)}"):
        return response
    return _page(
        request,
        "axis.html",
        params,
        {
            "axis": axis,
            "axis_description": localized(axis, "description"),
            "axis_leader": localized(axis, "leader"),
            "card": card,
            "summary": summary,
            "initiatives": initiatives,
            "tables": {t.id: t for t in tables},
            "secretariats_chart": charts.axis_secretariats(card=card, axis_summary=summary),
            "matrix_chart": charts.axis_matrix(card=card, axis_summary=summary, initiatives=initiatives),
            **plan_pages.axis_extras(
                axis=axis, periods=params.filters.periods, period=params.period, group=params.group
            ),
        },
    )


@page_cache.cached_page
def initiative_detail(request, code: str):
    """One initiative: progress per participant over the quarters, quantity against target, the narratives."""
    params = _params(request)
    initiative = _get(selectors.initiative_by_code, code)
    if params.period is None:
        return _page(request, "initiative.html", params, {"empty": True, "initiative": initiative})
    window = selectors.trend_window(params.filters.periods, params.period)
    card = scorecard(period=params.period, group=params.group)
    cards = progress_trend(periods=window, group=params.group)  # the trend reads only progress
    quantities = selectors.initiative_quantities(initiative=initiative, period=params.period, group=params.group)
    tables = exports.initiative_tables(
        initiative=initiative, card=card, cards=cards, window=window, quantities=quantities, query=params.query
    )
    if response := _export(request, tables, f"initiative-{initiative.code}-{_suffix(params)}"):
        return response
    narratives = selectors.initiative_narratives(initiative=initiative, period=params.period, group=params.group)
    return _page(
        request,
        "initiative.html",
        params,
        {
            "initiative": initiative,
            "initiative_description": localized(initiative, "description"),
            "card": card,
            "narratives": narratives,
            "is_demo": card.is_demo or any(row.is_demo for row in narratives),
            "tables": {t.id: t for t in tables},
            "progress_chart": spread.initiative_progress(
                initiative=initiative, cards=cards, window=window, quantities=quantities
            ),
            "progress_is_spread": spread.is_spread(len(quantities)),
            "quantity_chart": charts.initiative_quantity(initiative=initiative, card=card, quantities=quantities)
            if initiative.target_quantity is not None
            else None,
            **plan_pages.initiative_extras(initiative=initiative, period=params.period, group=params.group),
        },
    )


@page_cache.cached_page
def indicator_detail(request, code: str):
    """One indicator: definition and formula, values against targets across secretariats, the trend."""
    params = _params(request)
    indicator = _get(selectors.indicator_by_code, code)
    if params.period is None:
        return _page(request, "indicator.html", params, {"empty": True, "indicator": indicator})
    window = selectors.trend_window(params.filters.periods, params.period)
    cards = scorecards(periods=window, group=params.group)
    card = cards[params.period.pk]
    tables = exports.indicator_tables(indicator=indicator, card=card, cards=cards, window=window, query=params.query)
    if response := _export(request, tables, f"indicator-{indicator.code}-{_suffix(params)}"):
        return response
    return _page(
        request,
        "indicator.html",
        params,
        {
            "indicator": indicator,
            "card": card,
            "tables": {t.id: t for t in tables},
            "values_chart": charts.indicator_values(indicator=indicator, card=card),
            "trend_chart": spread.indicator_trend(indicator=indicator, cards=cards, window=window),
            "trend_is_spread": spread.is_spread(len(card.secretariats)),
        },
    )


@page_cache.cached_page
def review_pack(request):
    """The printable quarterly review pack of one group (group two, the seed report's, by default)."""
    group = parse_group(request.GET.get("group")) or 2
    period = parse_period(request.GET.get("period"), default=None)
    if period is None:
        period = latest_period_with_data()
    if period is None:
        raise Http404(_("There are no figures to review yet."))
    snapshot = None
    if strict_flag(request.GET.get("snapshot"), name="snapshot"):
        try:
            snapshot = snapshot_by_key(period_key=period.key, group=group)
        except Snapshot.DoesNotExist:
            raise Http404(
                _("Nothing was frozen for group %(group)s in %(period)s.")
                % {"group": group, "period": quarter_label(period)}
            ) from None
    pack = build_review_pack(period=period, group=group, snapshot=snapshot)
    # One query: the quarters the picker offers, named as people read them (the key stays the value).
    periods = list(ReportingPeriod.objects.order_by("id"))
    return page_cache.render_page(
        request, "review_pack/pack.html", {"pack": pack, "periods": periods, "today": meetings_selectors.today()}
    )


def strict_flag(raw: str | None, *, name: str) -> bool:
    """``?name=1`` (or true) asks for it; absent or empty does not; anything else is a friendly 400."""
    if raw in (None, "", "0", "false"):
        return False
    if raw in ("1", "true"):
        return True
    raise BadRequest(_("“%(value)s” is not a value for %(name)s; use 1 or 0.") % {"value": raw[:20], "name": name})
