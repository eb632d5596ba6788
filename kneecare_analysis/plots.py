"""Charts of adherence and pain. Each takes data first and ``ax=None``, draws, and returns the Axes.

One colour language: the band colours (Okabe–Ito green, orange, vermillion, which stay distinct for the
common colour-vision deficiencies, and told apart by hatching or shape too) mean bands and the run traffic
light, and nothing else; every dose
grid — the calendar, the drills, the squad — uses one sequential blue scale in %, with light grey for "no
data" (outside a window), and missed days carry a cross. Running load has its own neutral colours (sky bars,
a purple grid) and no zones: the acute:chronic ratio is a description of load, not a risk band. Nothing here
calls ``plt.show()``.

>>> import kneecare_analysis as kc
>>> summary = kc.load_dataset(kc.paths.SAMPLE_DIR / "runner").weekly_summary()
>>> ax = kc.plots.adherence_vs_pain(summary)
>>> ax.figure.get_size_inches().tolist()
[9.0, 4.2]
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch

from .analysis.calendar import week_of
from .analysis.inputs import (
    DAILY,
    RELATIONSHIP,
    SCORES,
    TOLERANCE,
    WEEKLY_SUMMARY,
    check_frame,
    check_number,
    check_week_start,
)
from .palette import (
    BAND_COLOURS,
    BAND_EDGE,
    BAND_HATCH,
    GRID_LINE,
    LIGHT_COLOURS,
    LIGHT_MARKERS,
    MISSED,
    NO_DATA,
    NOTE_TEXT,
    OKABE_ITO,
    REFERENCE_LINE,
)
from .routine import DEFAULT_ROUTINE, Routine

DOSE_CMAP = mpl.colormaps["Blues"].with_extremes(bad=NO_DATA)  # one scale for dose, 0–100 %
LOAD_CMAP = mpl.colormaps["Purples"].with_extremes(bad=NO_DATA, over=mpl.colormaps["Purples"](1.0))
LOAD_NOTE = (
    "Ratio: this week's load ÷ the mean of the 3 weeks before (acute:chronic), a description of load only:\n"
    "no range of it is known to be safe or risky (Impellizzeri et al. 2020; Lolli et al. 2019)."
)
WEEKDAY_NAMES = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]  # short enough to stay apart in a narrow calendar


def _axes(ax: Axes | None, size: tuple[float, float] = (9, 4.2)) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=size, layout="constrained")
    return ax


MAX_TICK_LABELS = 14
MAX_ANNOTATED_WEEKS = 16


def thin_ticks(positions, labels, *, max_labels: int = MAX_TICK_LABELS) -> tuple[list, list]:
    """Every n-th tick and its label, so that at most ``max_labels`` are left and a year stays readable.

    Parameters
    ----------
    positions : sequence
        The ticks.
    labels : sequence
        Their labels, one per tick.
    max_labels : int
        The most labels kept (:data:`MAX_TICK_LABELS`).

    Returns
    -------
    (list, list)
        The positions and labels kept, ready for ``ax.set_xticks(*thin_ticks(...))``.

    Examples
    --------
    >>> thin_ticks(range(30), [f"w{k}" for k in range(30)], max_labels=6)
    ([0, 5, 10, 15, 20, 25], ['w0', 'w5', 'w10', 'w15', 'w20', 'w25'])
    """
    check_number(max_labels, by="plots.thin_ticks", name="max_labels", low=1, whole=True)
    positions, labels = list(positions), list(labels)
    step = max(1, -(-len(positions) // max_labels))
    return positions[::step], labels[::step]


def _one_athlete(frame: pd.DataFrame, athlete: str | None) -> tuple[pd.DataFrame, str]:
    names = sorted(frame["athlete"].astype(str).unique())
    if athlete is None:
        if len(names) != 1:
            raise ValueError(f"the data holds {len(names)} athletes: pass athlete= one of {', '.join(names)}")
        athlete = names[0]
    elif athlete not in names:
        raise ValueError(f"no athlete {athlete!r}; athletes: {', '.join(names)}")
    return frame[frame["athlete"].astype(str) == athlete], athlete


def adherence_vs_pain(
    summary: pd.DataFrame,
    *,
    athlete: str | None = None,
    baseline: float | None = None,
    mcid: float = 2.0,
    legend: bool = True,
    ax: Axes | None = None,
) -> Axes:
    """Week by week, the routine done and the knee pain: weekly dose adherence as bars coloured by band, weekly
    mean pain as a line with the week's highest score marked, on a 0–10 right axis; the baseline and the
    2-point improvement line.

    Parameters
    ----------
    summary : DataFrame
        A weekly summary (:func:`kneecare_analysis.weekly_summary`).
    athlete : str, optional
        The athlete to draw; may be left out when the frame holds one.
    baseline : float, optional
        The baseline pain line; by default the summary's ``pain_baseline``.
    mcid : float
        The improvement that matters, drawn under the baseline (2 points).
    legend : bool
        ``False`` leaves the key to the caller (:func:`key_html`).
    ax : matplotlib Axes, optional
        Where to draw; a new figure when not given.

    Returns
    -------
    Axes
        The adherence axes; the pain axes is at ``ax.pain_axis``.

    Examples
    --------
    >>> import kneecare_analysis as kc
    >>> ds = kc.load_dataset(kc.paths.SAMPLE_DIR / "runner")
    >>> ax = adherence_vs_pain(ds.weekly_summary())
    >>> ax.get_title(), [float(y) for y in ax.pain_axis.get_ylim()]
    ('Sam: routine and knee pain, week by week', [0.0, 10.0])
    """
    check_frame(summary, WEEKLY_SUMMARY, by="plots.adherence_vs_pain")
    check_number(mcid, by="plots.adherence_vs_pain", name="mcid", low=0, high=10)
    s, athlete = _one_athlete(summary, athlete)
    s = s.sort_values("week_start")
    ax = _axes(ax)
    weeks = s["program_week"].to_numpy()
    logged = s["band"].notna().to_numpy()  # weeks the routine was logged for: none without a routine log
    bands = s["band"].astype(str).to_numpy()[logged]
    bars = ax.bar(
        weeks[logged],
        s["dose_adherence"].to_numpy()[logged] * 100,
        color=[BAND_COLOURS[b] for b in bands],
        edgecolor=BAND_EDGE,
        linewidth=0.6,
        width=0.75,
        label="routine done (% of dose)",
        zorder=2,
    )
    for bar, band in zip(bars, bands, strict=True):
        bar.set_hatch(BAND_HATCH[band])
    missed = s["dose_adherence"].to_numpy()[logged] == 0
    if missed.any():  # a week at 0 % is marked, never blank like a week without data
        ax.plot(weeks[logged][missed], np.full(missed.sum(), 3.0), "x", color=MISSED, ms=8, mew=2, ls="none", zorder=3)
    ax.set_ylim(0, 105)
    ax.set_xlabel("program week")
    ax.set_ylabel("routine done (% of prescribed dose)")
    ax.set_xticks(*thin_ticks(weeks, [str(w) for w in weeks]))
    ax.set_title(f"{athlete}: routine and knee pain, week by week")
    if logged.any():
        ax.axhline(80, color=REFERENCE_LINE, lw=0.8, ls=":", zorder=1)
    else:  # no scale and no 80 % line for a routine nobody logged
        ax.set_title(f"{athlete}: knee pain, week by week (no routine logged)")
        ax.set_ylabel("")
        ax.set_yticks([])

    pain_ax = ax.twinx()
    pain_ax.set_ylim(0, 10)
    pain_ax.set_ylabel("knee pain (0–10)")
    has = s["pain_mean"].notna().to_numpy()
    pain_ax.plot(
        weeks[has], s["pain_mean"].to_numpy()[has], color=OKABE_ITO["blue"], marker="o", lw=2, label="mean pain"
    )
    pain_ax.plot(
        weeks[has], s["pain_max"].to_numpy()[has], ls="none", marker="v", color=OKABE_ITO["black"], label="highest pain"
    )
    if baseline is None and "pain_baseline" in s and s["pain_baseline"].notna().any():
        baseline = float(s["pain_baseline"].dropna().iloc[0])
    drawn = [b for b in BAND_COLOURS if b in set(bands[~missed])]  # the key lists only the bands on the chart
    handles = [
        Patch(facecolor=BAND_COLOURS[b], edgecolor=BAND_EDGE, hatch=BAND_HATCH[b], label=f"{b} band") for b in drawn
    ]
    if missed.any():
        handles.append(mpl.lines.Line2D([], [], marker="x", color=MISSED, mew=2, ls="none", label="missed week"))
    if baseline is not None and not np.isnan(baseline):
        pain_ax.axhline(baseline, color=OKABE_ITO["purple"], ls="--", lw=1.2, label=f"baseline pain {baseline:.1f}")
        target = max(baseline - mcid, 0)
        pain_ax.axhline(target, color=OKABE_ITO["green"], ls="-.", lw=1.2, label=f"{mcid:g} points better")
    if not legend:
        ax.pain_axis = pain_ax
        return ax
    lines, labels = pain_ax.get_legend_handles_labels()
    pain_ax.legend(
        handles + lines,
        [h.get_label() for h in handles] + labels,
        loc="upper left",
        bbox_to_anchor=(1.08, 1),
        fontsize="small",
        frameon=False,
    )
    ax.pain_axis = pain_ax
    return ax


def key_html() -> str:
    """The adherence-and-pain chart's key as a line of HTML, for places that draw it without a legend.

    Returns
    -------
    str
        HTML: each band's colour and pattern, and the pain line and markers, with their names.

    Examples
    --------
    >>> "green band" in key_html()
    False
    """
    bands = "".join(
        f"<span style='display:inline-block;width:12px;height:12px;background:{c};border:1px solid {BAND_EDGE};"
        f"margin:0 3px 0 10px'></span>{b}"
        for b, c in BAND_COLOURS.items()
    )
    return (
        f"<div style='font-size:12px'>Bars: routine done, by band {bands} · × missed week (0 %) · "
        f"<span style='color:{OKABE_ITO['blue']}'>●—</span> mean pain · ▼ highest pain · "
        f"<span style='color:{OKABE_ITO['purple']}'>- -</span> baseline pain · "
        f"<span style='color:{OKABE_ITO['green']}'>-·-</span> 2 points better · "
        "grids: darker blue = more of the prescribed dose, × = missed day, grey = no data</div>"
    )


def calendar(
    daily: pd.DataFrame,
    *,
    athlete: str | None = None,
    week_starts_on: str = "MON",
    colorbar: bool = True,
    ax: Axes | None = None,
) -> Axes:
    """Day by day: weeks down, weekdays across, coloured by daily dose; missed days carry a cross, days
    outside the window stay blank.

    Parameters
    ----------
    daily : DataFrame
        Daily doses (:func:`kneecare_analysis.daily_adherence`).
    athlete : str, optional
        The athlete to draw; may be left out when the frame holds one.
    week_starts_on : str
        The weekday a row starts on (``"MON"``).
    colorbar : bool
        Whether to draw the dose scale beside it.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when not given.

    Returns
    -------
    Axes

    Examples
    --------
    >>> import kneecare_analysis as kc
    >>> ds = kc.load_dataset(kc.paths.SAMPLE_DIR / "runner")
    >>> calendar(ds.daily_adherence()).get_title()
    'Sam: daily dose (× = missed)'
    """
    check_frame(daily, DAILY, by="plots.calendar")
    first = check_week_start(week_starts_on, by="plots.calendar")
    d, athlete = _one_athlete(daily, athlete)
    weeks = week_of(d["date"], week_starts_on)
    row = ((weeks - weeks.min()).dt.days // 7).to_numpy()
    col = ((d["date"].dt.day_of_week - first) % 7).to_numpy()
    grid = np.full((row.max() + 1 if len(row) else 0, 7), np.nan)
    grid[row, col] = d["dose"].to_numpy(dtype=float)
    ax = _axes(ax, size=(5.5, max(2.5, 0.32 * grid.shape[0] + 1.2)))
    image = ax.imshow(np.ma.masked_invalid(grid * 100), cmap=DOSE_CMAP, vmin=0, vmax=100, aspect="auto")
    missed = np.argwhere(grid == 0)
    ax.plot(missed[:, 1], missed[:, 0], "x", color=MISSED, ms=7, mew=1.5, ls="none", label="missed day")
    ax.set_xticks(range(7), [WEEKDAY_NAMES[(first + i) % 7] for i in range(7)])
    labels = sorted(weeks.unique())
    ax.set_yticks(*thin_ticks(range(len(labels)), [pd.Timestamp(w).strftime("%d %b") for w in labels]))
    ax.set_ylabel("week starting")
    ax.set_xlabel("day of the week")
    ax.set_title(f"{athlete}: daily dose (× = missed)")
    if colorbar:
        _dose_bar(ax, image, "daily dose (% of the routine)", missed="missed day" if len(missed) else None)
    return ax


def _dose_bar(ax: Axes, image, label: str, *, missed: str | None = None) -> None:
    """The dose scale in %, and the key for grey (no data) and, when ``missed`` names them, the crosses."""
    bar = ax.figure.colorbar(image, ax=ax, label=label, fraction=0.05)
    bar.set_ticks([0, 25, 50, 75, 100], labels=["0%", "25%", "50%", "75%", "100%"])
    grey = bool(np.ma.getmaskarray(image.get_array()).any())
    handles = [Patch(facecolor=NO_DATA, label="no data")] if grey else []  # the key lists what is drawn
    if missed:
        handles.append(mpl.lines.Line2D([], [], marker="x", color=MISSED, mew=1.5, ls="none", label=missed))
    if not handles:
        return
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.0, -0.02),
        frameon=False,
        fontsize=8,
        handlelength=1.2,
    )


def drill_breakdown(
    summary: pd.DataFrame,
    *,
    athlete: str | None = None,
    routine: Routine = DEFAULT_ROUTINE,
    ax: Axes | None = None,
) -> Axes:
    """Weekly dose per drill as a grid (drills down, program weeks across, % in each cell): which drills get
    skipped.

    Parameters
    ----------
    summary : DataFrame
        A weekly summary (its ``adherence_<drill>`` columns).
    athlete : str, optional
        The athlete to draw; may be left out when the frame holds one.
    routine : Routine
        The drills to show, in its order.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when not given.

    Returns
    -------
    Axes

    Examples
    --------
    >>> import kneecare_analysis as kc
    >>> ds = kc.load_dataset(kc.paths.SAMPLE_DIR / "runner")
    >>> ax = drill_breakdown(ds.weekly_summary(), routine=ds.routine)
    >>> [label.get_text() for label in ax.get_yticklabels()][:2]
    ['Self-massage', 'Side-lying hip abduction']
    """
    drills = [f"adherence_{d}" for d in routine.ids]
    check_frame(summary, WEEKLY_SUMMARY, by="plots.drill_breakdown", columns=["athlete", "week_start", *drills])
    s, athlete = _one_athlete(summary, athlete)
    s = s.sort_values("week_start")
    grid = np.vstack([s[f"adherence_{d}"].to_numpy(dtype=float) for d in routine.ids])
    ax = _axes(ax, size=(max(6, 0.55 * grid.shape[1] + 3), 3.2))
    image = ax.imshow(np.ma.masked_invalid(grid * 100), cmap=DOSE_CMAP, vmin=0, vmax=100, aspect="auto")
    if grid.shape[1] <= MAX_ANNOTATED_WEEKS:  # a label in every cell while they stay legible
        for (i, j), value in np.ndenumerate(grid):
            colour = "white" if value > 0.6 else "black"
            ax.text(j, i, f"{value * 100:.0f}", ha="center", va="center", fontsize=7, color=colour, clip_on=True)
    ax.set_yticks(range(len(routine.ids)), [routine.drill(d).name for d in routine.ids])
    ax.set_xticks(*thin_ticks(range(grid.shape[1]), s["program_week"].tolist()))
    ax.set_xlabel("program week")
    ax.set_title(f"{athlete}: dose per drill (% of prescribed)")
    _dose_bar(ax, image, "weekly dose (% of prescribed)")
    return ax


def squad_heatmap(summary: pd.DataFrame, *, order: list[str] | None = None, ax: Axes | None = None) -> Axes:
    """The squad's routine week by week: athletes down, calendar weeks across, coloured by dose adherence in %; a
    ``!`` marks a week with a pain flag (over 5/10, or ≥ 2 above baseline); weeks outside an athlete's window
    are grey.

    Parameters
    ----------
    summary : DataFrame
        A weekly summary of several athletes.
    order : list of str, optional
        The athletes top to bottom; by default the team overview's (who needs attention first).
    ax : matplotlib Axes, optional
        Where to draw; a new figure when not given.

    Returns
    -------
    Axes

    Examples
    --------
    >>> import kneecare_analysis as kc
    >>> ds = kc.load_dataset(kc.paths.SAMPLE_DIR / "squad")
    >>> ax = squad_heatmap(ds.weekly_summary())
    >>> [label.get_text() for label in ax.get_yticklabels()][:3]
    ['Kai', 'Grace', 'Elif']
    """
    check_frame(summary, WEEKLY_SUMMARY, by="plots.squad_heatmap", columns=["athlete", "week_start", "dose_adherence"])
    s = summary.assign(athlete=summary["athlete"].astype(str))
    if order is None and {"prescribed", "band", "sessions_done"} <= set(summary.columns):
        from .analysis import team_overview

        order = team_overview(summary)["athlete"].astype(str).tolist()
    order = list(order) if order is not None else []
    athletes = [a for a in order if a in set(s["athlete"])] + sorted(set(s["athlete"]) - set(order))
    weeks = sorted(s["week_start"].unique())
    grid = s.pivot_table(index="athlete", columns="week_start", values="dose_adherence", aggfunc="first")
    grid = grid.reindex(index=athletes, columns=weeks).to_numpy(dtype=float)
    pain_flag = np.zeros(len(s), dtype=bool)
    for c in ("flag_pain_high", "flag_pain_rise"):
        if c in s:
            pain_flag |= s[c].to_numpy(dtype=bool)
    flagged = s[pain_flag]
    cells = [
        (athletes.index(a), weeks.index(w)) for a, w in zip(flagged["athlete"], flagged["week_start"], strict=True)
    ]
    ax = _axes(ax, size=(max(7, 0.45 * len(weeks) + 3), max(3, 0.35 * len(athletes) + 1.5)))
    image = ax.imshow(np.ma.masked_invalid(grid * 100), cmap=DOSE_CMAP, vmin=0, vmax=100, aspect="auto")
    zero = np.argwhere(grid == 0)  # a missed week: a cross, never the blank of "no data"
    ax.plot(zero[:, 1], zero[:, 0], "x", color=MISSED, ms=6, mew=1.3, ls="none", zorder=2)
    for i, j in cells:
        ax.text(
            j,
            i,
            "!",
            ha="center",
            va="center",
            color=OKABE_ITO["vermillion"],
            fontsize=11,
            fontweight="bold",
            bbox={"boxstyle": "circle,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.85},
        )
    ax.set_yticks(range(len(athletes)), athletes)
    ax.set_xticks(
        *thin_ticks(range(len(weeks)), [pd.Timestamp(w).strftime("%d %b") for w in weeks]), rotation=60, ha="right"
    )
    ax.set_xlabel("week starting")
    ax.set_title("Squad: routine done per week (! = pain flag, × = missed), who needs attention first")
    _dose_bar(ax, image, "dose adherence (% of prescribed)", missed="missed week (0 %)" if len(zero) else None)
    return ax


def adherence_pain_scatter(
    summary: pd.DataFrame, *, relationship: pd.DataFrame | None = None, ax: Axes | None = None
) -> Axes:
    """Weekly dose adherence against weekly mean pain, one colour per athlete, with each athlete's Spearman ρ and
    n in the legend.

    Parameters
    ----------
    summary : DataFrame
        A weekly summary.
    relationship : DataFrame, optional
        :func:`kneecare_analysis.relationship` of it, computed when not given.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when not given.

    Returns
    -------
    Axes

    Examples
    --------
    >>> import kneecare_analysis as kc
    >>> ds = kc.load_dataset(kc.paths.SAMPLE_DIR / "squad")
    >>> ax = adherence_pain_scatter(ds.weekly_summary())
    >>> ax.get_xlabel(), len(ax.get_legend().get_texts())
    ('routine done that week (% of prescribed dose)', 12)
    """
    needed = ["athlete", "dose_adherence", "pain_mean"] + (["week_start"] if relationship is None else [])
    check_frame(summary, WEEKLY_SUMMARY, by="plots.adherence_pain_scatter", columns=needed)
    if relationship is not None:
        check_frame(relationship, RELATIONSHIP, by="plots.adherence_pain_scatter")
    from .analysis.relationship import relationship as compute

    rel = relationship if relationship is not None else compute(summary, trend="program_week" in summary)
    rel = rel.set_index(rel["athlete"].astype(str))
    s = summary[summary["dose_adherence"].notna() & summary["pain_mean"].notna()]
    ax = _axes(ax, size=(7, 4.5))
    colours = list(OKABE_ITO.values())
    markers = ["o", "s", "^", "D", "v", "P", "X", "*"]
    for k, (athlete, part) in enumerate(s.groupby(s["athlete"].astype(str), sort=True)):
        rho = rel.loc[athlete, "rho"] if athlete in rel.index else np.nan
        n = int(rel.loc[athlete, "n"]) if athlete in rel.index else len(part)
        held = rel.loc[athlete, "held_constant"] if athlete in rel.index and "held_constant" in rel else "nothing"
        which = "ρ" if held == "nothing" else "partial ρ"
        label = (
            f"{athlete} ({which} = {rho:+.2f}, n = {n})" if not np.isnan(rho) else f"{athlete} ({which} n/a, n = {n})"
        )
        ax.scatter(
            part["dose_adherence"] * 100,
            part["pain_mean"],
            label=label,
            color=colours[k % len(colours)],
            marker=markers[(k // len(colours)) % len(markers)],
            alpha=0.85,
            edgecolor="white",
            lw=0.5,
        )
    ax.set_xlim(-3, 103)
    ax.set_ylim(0, 10)
    ax.set_xlabel("routine done that week (% of prescribed dose)")
    ax.set_ylabel("mean knee pain that week (0–10)")
    ax.set_title("Weeks with more routine, and pain (association, not cause)")
    ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    return ax


def adherence_pain_panels(
    summary: pd.DataFrame, *, relationship: pd.DataFrame | None = None, ncols: int = 4
) -> np.ndarray:
    """Weekly dose adherence against weekly mean pain as small multiples: one panel per athlete, on the same
    scales, titled with the athlete's name, ρ and n, so a squad of any size stays legible (no shared colours).

    Parameters
    ----------
    summary : DataFrame
        A weekly summary.
    relationship : DataFrame, optional
        :func:`kneecare_analysis.relationship` of it, computed when not given.
    ncols : int
        Panels per row (4).

    Returns
    -------
    array of Axes
        One per athlete, in name order (empty panels are hidden).

    Examples
    --------
    >>> import kneecare_analysis as kc
    >>> ds = kc.load_dataset(kc.paths.SAMPLE_DIR / "squad")
    >>> axes = adherence_pain_panels(ds.weekly_summary())
    >>> len(axes), axes[0].get_title()
    (12, 'Ana: partial ρ = −0.28, n = 16')
    """
    needed = ["athlete", "dose_adherence", "pain_mean"] + (["week_start"] if relationship is None else [])
    check_frame(summary, WEEKLY_SUMMARY, by="plots.adherence_pain_panels", columns=needed)
    check_number(ncols, by="plots.adherence_pain_panels", name="ncols", low=1, whole=True)
    if relationship is not None:
        check_frame(relationship, RELATIONSHIP, by="plots.adherence_pain_panels")
    from .analysis.relationship import relationship as compute

    rel = relationship if relationship is not None else compute(summary, trend="program_week" in summary)
    rel = rel.set_index(rel["athlete"].astype(str))
    s = summary[summary["dose_adherence"].notna() & summary["pain_mean"].notna()]
    names = sorted(s["athlete"].astype(str).unique())
    if not names:
        raise ValueError("no week has both adherence and pain to draw")
    ncols = min(ncols, len(names))
    nrows = -(-len(names) // ncols)
    fig = plt.figure(figsize=(2.6 * ncols + 0.6, 2.3 * nrows + 0.6), layout="constrained")
    grid = np.atleast_2d(fig.subplots(nrows, ncols, sharex=True, sharey=True, squeeze=False))
    axes = grid.ravel()
    for a, name in zip(axes, names, strict=False):
        part = s[s["athlete"].astype(str) == name]
        a.scatter(part["dose_adherence"] * 100, part["pain_mean"], color=OKABE_ITO["blue"], s=22, alpha=0.8)
        row = rel.loc[name] if name in rel.index else None
        held = "nothing" if row is None else str(row.get("held_constant", "nothing"))
        which = "ρ" if held == "nothing" else "partial ρ"
        rho = np.nan if row is None else float(row["rho"])
        n = len(part) if row is None else int(row["n"])
        value = "n/a" if np.isnan(rho) else f"{rho + 0.0:+.2f}".replace("-", "−")
        a.set_title(f"{name}: {which} = {value}, n = {n}", fontsize=9)
        a.grid(True, color=GRID_LINE, zorder=0)
    for a in axes[len(names) :]:
        a.set_visible(False)
    a0 = axes[0]
    a0.set_xlim(-5, 105)
    a0.set_ylim(0, 10)
    for a in grid[-1]:
        a.set_xlabel("routine done (%)")
    for a in grid[:, 0]:
        a.set_ylabel("mean pain (0–10)")
    fig.suptitle("Weeks with more routine, and pain, athlete by athlete (association, not cause)", fontsize=11)
    return axes[: len(names)]


def _load_measure(s: pd.DataFrame) -> tuple[str, str]:
    """Session-RPE load when any week has it, else distance."""
    if "srpe_load" in s and s["srpe_load"].notna().any():
        return "srpe_load", "running load (session RPE × minutes)"
    if "run_km" not in s:
        raise ValueError("no running columns in the summary: make it with runs= (weekly_summary(…, runs=…))")
    return "run_km", "running distance (km)"


def load_and_pain(
    summary: pd.DataFrame, *, athlete: str | None = None, note: bool = True, ax: Axes | None = None
) -> Axes:
    """Week by week, the running load and the knee pain: load as bars (session RPE × minutes; distance when no
    run has an RPE), the acute:chronic ratio under each week's number, weekly mean pain as a line on a 0–10
    right axis. A week with runs but no load (an RPE missing) says so at its foot. Descriptive: no zones.

    Parameters
    ----------
    summary : DataFrame
        A weekly summary made with runs.
    athlete : str, optional
        The athlete to draw; may be left out when the frame holds one.
    note : bool
        ``False`` leaves out the line under the chart on what the ratio can and cannot say.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when not given.

    Returns
    -------
    Axes
        The load axes; the pain axes is at ``ax.pain_axis``.

    Examples
    --------
    >>> import kneecare_analysis as kc
    >>> ds = kc.load_dataset(kc.paths.SAMPLE_DIR / "runner")
    >>> load_and_pain(ds.weekly_summary()).get_ylabel()
    'running load (session RPE × minutes)'
    """
    needed = ["athlete", "week_start", "program_week", "pain_mean", "run_count", "run_km"]
    check_frame(
        summary,
        WEEKLY_SUMMARY,
        by="plots.load_and_pain",
        columns=needed,
        hint="make it with runs=: weekly_summary(…, runs=…)",
    )
    s, athlete = _one_athlete(summary, athlete)
    s = s.sort_values("week_start")
    column, label = _load_measure(s)
    ax = _axes(ax, size=(9, 4.4))
    weeks = s["program_week"].to_numpy()
    load = s[column].to_numpy(dtype=float)
    ax.bar(weeks, np.nan_to_num(load), color=OKABE_ITO["sky"], edgecolor="white", width=0.75, label=label, zorder=2)
    top = np.nanmax(load) if np.isfinite(load).any() and np.nanmax(load) > 0 else 1.0
    ax.set_ylim(0, top * 1.18)
    unknown = np.isnan(load) & (s["run_count"].to_numpy() > 0)
    for week in weeks[unknown]:
        ax.text(
            week, top * 0.02, "no RPE", rotation=90, ha="center", va="bottom", fontsize=7, color=NOTE_TEXT, clip_on=True
        )
    ax.set_ylabel(label)
    load_ticks(ax, s)
    if column == "srpe_load":
        ax.annotate(
            "week\nratio",
            (0, 0),
            xytext=(-6, -3.5),
            xycoords="axes fraction",
            textcoords="offset points",
            ha="right",
            va="top",
            fontsize="medium",
            color=NOTE_TEXT,
            annotation_clip=False,
        )
        ax.set_xlabel("program week, and its acute:chronic ratio")
    else:
        ax.set_xlabel("program week")
    ax.set_title(f"{athlete}: running load and knee pain, week by week")
    pain_ax = ax.twinx()
    pain_ax.set_ylim(0, 10)
    pain_ax.set_ylabel("knee pain (0–10)")
    has = s["pain_mean"].notna().to_numpy()
    if has.any():
        pain_ax.plot(
            weeks[has], s["pain_mean"].to_numpy()[has], color=OKABE_ITO["blue"], marker="o", lw=2, label="mean pain"
        )
    else:  # no pain scores: no empty pain scale beside the load
        ax.set_title(f"{athlete}: running load, week by week (no pain scores)")
        pain_ax.set_visible(False)
    handles = [Patch(facecolor=OKABE_ITO["sky"], label=label), *pain_ax.get_legend_handles_labels()[0]]
    ax.legend(handles=handles, loc="upper left", fontsize="small", framealpha=0.85, edgecolor="none")
    if note and column == "srpe_load":
        ax.annotate(
            LOAD_NOTE,
            (0, 0),
            xytext=(0, -48),
            xycoords="axes fraction",
            textcoords="offset points",
            va="top",
            fontsize=7.5,
            color=NOTE_TEXT,
            annotation_clip=False,
        )
    ax.pain_axis = pain_ax
    return ax


def load_ticks(ax: Axes, summary: pd.DataFrame) -> None:
    """Set the x ticks of a :func:`load_and_pain` chart to the weeks of ``summary``: each program week with its
    acute:chronic ratio under it (a row of its own, so it never meets a bar or the line).

    Parameters
    ----------
    ax : Axes
        A :func:`load_and_pain` chart.
    summary : DataFrame
        The weeks to label (a slice of the chart's summary).

    Returns
    -------
    None

    Examples
    --------
    >>> import kneecare_analysis as kc
    >>> summary = kc.load_dataset(kc.paths.SAMPLE_DIR / "runner").weekly_summary()
    >>> ax = load_and_pain(summary)
    >>> load_ticks(ax, summary.iloc[:2])
    >>> [label.get_text().split() for label in ax.get_xticklabels()]  # the week, and its ratio under it
    [['1', '–'], ['2', '–']]
    """
    check_frame(
        summary,
        WEEKLY_SUMMARY,
        by="plots.load_ticks",
        columns=["program_week", "run_km"],
        hint="make it with runs=: weekly_summary(…, runs=…)",
    )
    weeks = summary["program_week"].to_numpy()
    if _load_measure(summary)[0] != "srpe_load":
        ax.set_xticks(*thin_ticks(weeks, [str(w) for w in weeks]))
        return
    ratio = summary["acwr_uncoupled"].to_numpy(dtype=float)
    ticks = [f"{w}\n{r:.1f}" if np.isfinite(r) else f"{w}\n–" for w, r in zip(weeks, ratio, strict=True)]
    ax.set_xticks(*thin_ticks(weeks, ticks))


def squad_load(summary: pd.DataFrame, *, order: list[str] | None = None, ax: Axes | None = None) -> Axes:
    """The squad's running load week by week: athletes down, calendar weeks across, coloured by each week's load
    against the athlete's own usual week (their median week: ×1 is usual); a ``▲`` marks a load-spike flag (km
    up by more than 30 %). Session-RPE load, or distance when no run has an RPE; grey: no load known.

    Parameters
    ----------
    summary : DataFrame
        A weekly summary of several athletes made with runs.
    order : list of str, optional
        The athletes top to bottom; by default the team overview's.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when not given.

    Returns
    -------
    Axes

    Examples
    --------
    >>> import kneecare_analysis as kc
    >>> ds = kc.load_dataset(kc.paths.SAMPLE_DIR / "squad")
    >>> squad_load(ds.weekly_summary()).get_title()
    "Squad: running load per week against each athlete's usual week (▲ = km up > 30 %)"
    """
    check_frame(
        summary,
        WEEKLY_SUMMARY,
        by="plots.squad_load",
        columns=["athlete", "week_start", "run_km"],
        hint="make it with runs=: weekly_summary(…, runs=…)",
    )
    s = summary.assign(athlete=summary["athlete"].astype(str))
    column, label = _load_measure(s)
    if order is None and {"prescribed", "band", "sessions_done"} <= set(summary.columns):
        from .analysis import team_overview

        order = team_overview(summary)["athlete"].astype(str).tolist()
    order = list(order) if order is not None else []
    athletes = [a for a in order if a in set(s["athlete"])] + sorted(set(s["athlete"]) - set(order))
    weeks = sorted(s["week_start"].unique())
    usual = s[s[column] > 0].groupby("athlete")[column].median()
    relative = s[column] / s["athlete"].map(usual)
    grid = s.assign(relative=relative).pivot_table(
        index="athlete", columns="week_start", values="relative", aggfunc="first", dropna=False
    )
    grid = grid.reindex(index=athletes, columns=weeks).to_numpy(dtype=float)
    ax = _axes(ax, size=(max(7, 0.45 * len(weeks) + 3), max(3, 0.35 * len(athletes) + 1.5)))
    image = ax.imshow(np.ma.masked_invalid(grid), cmap=LOAD_CMAP, vmin=0, vmax=2, aspect="auto")
    if "flag_load_spike" in s:
        spikes = s[s["flag_load_spike"].astype(bool)]
        for a, w in zip(spikes["athlete"], spikes["week_start"], strict=True):
            i, j = athletes.index(a), weeks.index(w)
            colour = "white" if grid[i, j] > 1.2 else "black"
            ax.text(j, i, "▲", ha="center", va="center", fontsize=8, color=colour, clip_on=True)
    ax.set_yticks(range(len(athletes)), athletes)
    ax.set_xticks(
        *thin_ticks(range(len(weeks)), [pd.Timestamp(w).strftime("%d %b") for w in weeks]), rotation=60, ha="right"
    )
    ax.set_xlabel("week starting")
    what = "load" if column == "srpe_load" else "distance"
    ax.set_title(f"Squad: running {what} per week against each athlete's usual week (▲ = km up > 30 %)")
    bar = ax.figure.colorbar(image, ax=ax, label=f"{label}\n÷ the athlete's median week", fraction=0.05, extend="max")
    bar.set_ticks([0, 0.5, 1, 1.5, 2], labels=["×0", "×0.5", "×1", "×1.5", "×2"])
    ax.legend(
        handles=[Patch(facecolor=NO_DATA, label="not known")],
        loc="upper left",
        bbox_to_anchor=(1.0, -0.02),
        frameon=False,
        fontsize=8,
        handlelength=1.2,
    )
    return ax


LIGHT_STYLE = {  # a run's light is a symbol (colour and shape, outlined), never a fill like a band
    name: {"color": LIGHT_COLOURS[name], "marker": LIGHT_MARKERS[name]} for name in LIGHT_COLOURS
}


def run_lights(
    tolerance: pd.DataFrame, *, athlete: str | None = None, max_labels: int = MAX_TICK_LABELS, ax: Axes | None = None
) -> Axes:
    """Each run day as its traffic light: weeks across, weekdays down; green ●, yellow ▲, red ✖ (shape and
    colour), unknown ○; the key counts each.

    Parameters
    ----------
    tolerance : DataFrame
        :func:`kneecare_analysis.run_tolerance`'s frame.
    athlete : str, optional
        The athlete to draw; may be left out when the frame holds one.
    max_labels : int
        At most this many weeks labelled along the bottom.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when not given.

    Returns
    -------
    Axes

    Examples
    --------
    >>> import kneecare_analysis as kc
    >>> ds = kc.load_dataset(kc.paths.SAMPLE_DIR / "runner")
    >>> ax = run_lights(ds.run_tolerance())
    >>> [text.get_text() for text in ax.get_legend().get_texts()]
    ['green (3)', 'yellow (15)', 'red (4)', 'unknown (36)']
    """
    check_frame(tolerance, TOLERANCE, by="plots.run_lights")
    check_number(max_labels, by="plots.run_lights", name="max_labels", low=1, whole=True)
    t, athlete = _one_athlete(tolerance, athlete)
    ax = _axes(ax, size=(7, 3.2))
    dates = pd.to_datetime(t["date"])
    week = week_of(dates)
    first = week.min()
    x = ((week - first).dt.days // 7).to_numpy()
    y = dates.dt.day_of_week.to_numpy()
    lights = t["light"].astype(str).to_numpy()
    for name, style in LIGHT_STYLE.items():
        mine = lights == name
        if not mine.any():
            continue
        hollow = name == "unknown"
        ax.scatter(
            x[mine],
            y[mine],
            s=52,
            marker=style["marker"],
            facecolors="none" if hollow else style["color"],
            edgecolors=style["color"] if hollow else OKABE_ITO["black"],
            label=f"{name} ({mine.sum()})",
            linewidths=1.2 if hollow else 0.7,
            zorder=3,
        )
    n_weeks = int(x.max()) + 1 if len(x) else 1
    ax.set_xlim(-0.6, n_weeks - 0.4)
    ax.set_ylim(6.6, -0.6)
    ax.set_yticks(range(7), WEEKDAY_NAMES)
    labels = [(first + pd.Timedelta(weeks=k)).strftime("%d %b") for k in range(n_weeks)]
    ax.set_xticks(*thin_ticks(range(n_weeks), labels, max_labels=max_labels), rotation=60, ha="right")
    ax.grid(True, color=GRID_LINE, zorder=0)
    ax.set_xlabel("week starting")
    ax.set_title(f"{athlete}: each run's traffic light (pain with the run, the next morning)")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small", frameon=False, title="runs")
    return ax


def questionnaire_scores(
    scores: pd.DataFrame, *, athlete: str | None = None, instrument: str | None = None, ax: Axes | None = None
):
    """Each questionnaire's scores over time, the first score dashed and the minimal important change above it
    dash-dotted: one panel per instrument, or the one named.

    Parameters
    ----------
    scores : DataFrame
        :func:`kneecare_analysis.score_questionnaires`'s frame.
    athlete : str, optional
        The athlete to draw; may be left out when the frame holds one.
    instrument : str, optional
        One instrument (``"akps"``), drawn into ``ax``.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when not given.

    Returns
    -------
    Axes or array of Axes
        One per instrument when ``instrument`` is not given.

    Examples
    --------
    >>> import kneecare_analysis as kc
    >>> ds = kc.load_dataset(kc.paths.SAMPLE_DIR / "runner")
    >>> ax = questionnaire_scores(ds.scores(), instrument="akps")
    >>> ax.get_title()
    'AKPS (3 forms)'
    """
    check_frame(scores, SCORES, by="plots.questionnaire_scores", columns=[*SCORES.columns, "baseline"])
    from .instruments import INSTRUMENTS

    s, athlete = _one_athlete(scores, athlete)
    names = [i for i in INSTRUMENTS if i in set(s["instrument"])] if instrument is None else [instrument]
    if not names:
        raise ValueError("no questionnaire scores to draw")
    if ax is not None and len(names) > 1:
        raise ValueError("pass instrument= to draw one instrument into ax")
    if ax is None:  # two panels a row, each large enough to read in a notebook
        ncols = min(2, len(names))
        nrows = -(-len(names) // ncols)
        fig = plt.figure(figsize=(4.8 * ncols + 0.4, 3.4 * nrows + 0.5), layout="constrained")
        grid = fig.subplots(nrows, ncols, squeeze=False).ravel()
        for spare in grid[len(names) :]:
            spare.set_visible(False)
        axes = grid[: len(names)]
    else:
        axes = np.array([ax])
    for a, name in zip(axes, names, strict=True):
        spec = INSTRUMENTS[name]
        part = s[s["instrument"] == name].sort_values("date")
        dates = pd.to_datetime(part["date"])
        a.plot(dates, part["score"], marker="o", color=OKABE_ITO["blue"], lw=2)
        for d, v in zip(dates, part["score"], strict=True):
            if pd.notna(v):
                a.annotate(
                    f"{v:.0f}" if abs(v) >= 10 else f"{v:.1f}",
                    (d, v),
                    xytext=(0, 6),
                    textcoords="offset points",
                    ha="center",
                    fontsize=8,
                    clip_on=True,
                )
        low, high = (-7, 7) if spec.rule == "value" else (0, 10) if spec.rule == "mean" else (0, 100)
        a.set_ylim(low, high + (high - low) * 0.08)
        base = part["baseline"].dropna()
        if len(base) and spec.mic:
            a.axhline(base.iloc[0], color=OKABE_ITO["purple"], ls="--", lw=1, label="first score")
            a.axhline(
                min(base.iloc[0] + spec.mic, high),
                color=OKABE_ITO["green"],
                ls="-.",
                lw=1,
                label=f"+{spec.mic:g}: a change that matters",
            )
            a.legend(fontsize=8, loc="lower right", frameon=False)
        a.set_title(f"{spec.short} ({len(part)} form{'s' if len(part) != 1 else ''})", fontsize=10)
        a.tick_params(axis="x", labelrotation=45, labelsize=8)
        a.xaxis.set_major_formatter(mpl.dates.DateFormatter("%d %b"))
        a.margins(x=0.15)
    for a in axes:
        a.set_ylabel("score (higher is better)", fontsize=9)
    axes[0].figure.suptitle(f"{athlete}: questionnaire scores", fontsize=11)
    return axes if len(axes) > 1 else axes[0]
