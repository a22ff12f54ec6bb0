"""The tables of the year pages and of the groups page, shown and downloadable like every dashboard table."""

from django.utils.translation import gettext as _

from dashboards.exports import Cell, Table, _link, _secretariat_cell, number, status, text
from indicators.models import YearRule


def rule_label(rule: str) -> str:
    return YearRule(rule).label


def year_ranking(*, card, national: dict[str, int | None], shown_groups: set[int], query: str) -> Table:
    """Rank in the group and nationally, the year's score and each indicator's status (groups with figures)."""
    table = Table(
        id="ranking",
        caption=_("Ranking of the secretariats in %(year)s") % {"year": card.year},
        headers=[_("Rank"), _("Secretariat"), _("National rank"), _("Group"), _("Score (%)"), _("Progress (%)")]
        + [i.name for i in card.indicators],
    )
    for s in card.secretariats:
        if s.secretariat.group not in shown_groups and s.score is None:
            continue
        table.rows.append(
            [
                number(s.rank),
                _secretariat_cell(s.secretariat, query),
                number(national.get(s.secretariat.code)),
                number(s.secretariat.group),
                number(s.score),
                number(s.progress),
            ]
            + [status(s.indicators[i.code].status) for i in card.indicators]
        )
    return table


def year_axes(*, card, query: str) -> Table:
    """Each axis: progress at the end of the year to date against its planned progress for the year."""
    table = Table(
        id="axes",
        caption=_("Axes: progress against the plan for %(year)s (%%)") % {"year": card.year},
        headers=[_("Axis"), _("Progress (%)"), _("Planned for the year (%)"), _("Difference (points)")],
    )
    for axis in card.axes:
        table.rows.append(
            [
                text(axis.axis.name, href=_link("axis-detail", axis.axis.code, query), header=True),
                number(axis.progress),
                number(axis.planned),
                number(axis.gap, signed=True),
            ]
        )
    return table


def year_indicators(*, card, summary, query: str) -> Table:
    """One secretariat's indicators over the year: how its quarters make the year, figure, target, achievement."""
    table = Table(
        id="indicators",
        caption=_("Indicators of %(name)s in %(year)s") % {"name": summary.secretariat.name, "year": card.year},
        headers=[
            _("Indicator"),
            _("How quarters make the year"),
            _("Quarters counted"),
            _("The year's figure"),
            _("Annual target"),
            _("Achievement (%)"),
            _("Status"),
        ],
    )
    for indicator in card.indicators:
        result = summary.indicators[indicator.code]
        table.rows.append(
            [
                text(indicator.name, href=_link("indicator-detail", indicator.code, query), header=True),
                text(rule_label(result.rule)),
                number(result.quarters) if indicator.is_manual else text("–"),
                number(result.value),
                number(result.target),
                number(result.achievement),
                status(result.status),
            ]
        )
    return table


def year_secretariat_axes(*, card, summary, query: str) -> Table:
    table = Table(
        id="axes",
        caption=_("Progress per axis (%)"),
        headers=[_("Axis"), _("Progress (%)"), _("Planned for the year (%)")],
    )
    for axis in card.axes:
        table.rows.append(
            [
                text(axis.axis.name, href=_link("axis-detail", axis.axis.code, query), header=True),
                number(summary.axes.get(axis.axis.code)),
                number(axis.planned),
            ]
        )
    return table


def year_axis_secretariats(*, card, axis_code: str, query: str) -> Table:
    table = Table(
        id="secretariats",
        caption=_("Progress on the axis per secretariat (%)"),
        headers=[_("Secretariat"), _("Progress (%)")],
    )
    for s in card.secretariats:
        if s.axes.get(axis_code) is not None:
            table.rows.append([_secretariat_cell(s.secretariat, query), number(s.axes[axis_code])])
    return table


def groups_table(*, rows, axes, caption: str, query: str) -> Table:
    """The groups with figures side by side; the page names the groups without any in a sentence."""
    table = Table(
        id="groups",
        caption=caption,
        headers=[_("Group"), _("Secretariats reported"), _("Mean score (%)")]
        + [_("Axis %(code)s (%%)") % {"code": a.code} for a in axes]
        + [_("Best secretariat"), _("Weakest secretariat")],
    )
    for row in rows:
        if not row.has_data:
            continue
        table.rows.append(
            [
                text(_("Group %(group)s") % {"group": row.group}, header=True),
                Cell(text=_("%(reported)s of %(size)s") % {"reported": row.reported, "size": row.size}),
                number(row.score),
            ]
            + [number(row.axes.get(a.code)) for a in axes]
            + [_named_score(row.best, query), _named_score(row.weakest, query)]
        )
    return table


def _named_score(summary, query: str) -> Cell:
    if summary is None:
        return text("–")
    cell = _secretariat_cell(summary.secretariat, query)
    cell.header = False
    cell.text = f"{summary.secretariat.name} ({number(summary.score).text}%)"
    return cell


def group_members(*, row, national: dict[str, int | None], query: str) -> Table:
    table = Table(
        id=f"group-{row.group}",
        caption=_("Secretariats of group %(group)s") % {"group": row.group},
        headers=[_("Rank in the group"), _("National rank"), _("Secretariat"), _("Score (%)")],
    )
    for s in row.members:
        table.rows.append(
            [
                number(s.rank),
                number(national.get(s.secretariat.code)),
                _secretariat_cell(s.secretariat, query),
                number(s.score),
            ]
        )
    return table
