"""Drawing the figures with matplotlib, as SVG with real text: the site shows the SVG in
the page, the PDF a vector copy of it (``render.pdf``). Labels arrive as runs of text,
each with the language it is written in when that differs from the page's."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import count, pairwise
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from .geodata import Rings

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

# Colours by role. The site replaces each with a variable of its stylesheet, so that the
# figure follows the light and dark themes; the PDF keeps these.
COLOURS = {
    "ink": "#222222",
    "muted": "#6a6a6a",
    "land": "#e6e1d3",
    "focus": "#c8b27a",
    "sea": "#dfeaf3",
    "mark": "#b3261e",
}
# The residence, at the source article's coordinates (12°05′29″S 77°02′58″W).
RESIDENCE = (-(77 + 2 / 60 + 58 / 3600), -(12 + 5 / 60 + 29 / 3600))
CONTINENT = (-92.0, -30.0, -57.0, 14.0)  # west, east, south, north
CLOSER = (-77.35, -76.75, -12.35, -11.85)


@dataclass(frozen=True)
class Run:
    """A piece of a label; ``lang`` when it is in another language than the page."""

    text: str
    lang: str = ""


Label = Sequence[Run]


def plain(label: Label) -> str:
    return "".join(run.text for run in label)


@dataclass(frozen=True)
class Event:
    """A dated row of the timeline: its label and where it stands on the axis."""

    label: Label
    when: date


def _figure(width: float, height: float, families: Sequence[str]) -> Figure:
    # matplotlib is imported when a figure is drawn, not when a page is read.
    import matplotlib as mpl
    from matplotlib.figure import Figure

    mpl.rcParams.update(
        {
            "svg.fonttype": "none",
            # Element ids from a fixed salt: the same figure is the same bytes.
            "svg.hashsalt": "embassy-docs",
            # A translation's $…$ is text, not mathematics.
            "text.parse_math": False,
            "font.family": list(families),
            "font.size": 9,
        }
    )
    figure = Figure(figsize=(width, height))
    # No background of its own: the page's or the paper's shows through.
    figure.patch.set_visible(False)
    return figure


# Coordinates in the SVG's paths, in points: a tenth of a point is finer than print.
COORDINATE = re.compile(r"(?<=[ ML])(-?\d+\.\d{2,})")


def _svg(figure: Figure) -> str:
    stream = io.StringIO()
    # Cropped to what is drawn: no band of empty paper above and below.
    figure.savefig(
        stream, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight",
        pad_inches=0.02,
    )  # fmt: skip

    def compact(match: re.Match[str]) -> str:
        path = COORDINATE.sub(lambda n: f"{float(n.group(1)):.1f}", match.group(2))
        return match.group(1) + re.sub(r"\s*([MLCZz])\s*", r"\1", path).strip() + match.group(3)

    return re.sub(r'(<path d=")([^"]*)(")', compact, stream.getvalue())


def _rings(axes: Axes, rings: Rings, box: tuple[float, float, float, float], **style: Any) -> None:
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as MplPath
    from matplotlib.transforms import Bbox

    west, east, south, north = box
    margin = (east - west) / 80
    bounds = Bbox.from_extents(west - margin, south - margin, east + margin, north + margin)
    kept = []
    for ring in rings:
        path = MplPath(ring, closed=True)
        extent = path.get_extents()
        # Islets smaller than a dot at this scale, and points far outside the view, only
        # weigh on the page.
        if not path.intersects_bbox(bounds) or max(extent.width, extent.height) < margin:
            continue
        clipped = path.clip_to_bbox(bounds)
        if len(clipped):
            kept.append(clipped)
    if kept:
        # One shape of many rings: one element in the SVG, not one per country.
        axes.add_patch(PathPatch(MplPath.make_compound_path(*kept), **style))


def locator_map(
    outlines: Mapping[str, Rings], labels: Mapping[str, Label], families: Sequence[str]
) -> str:
    """South America with Peru, and a closer view of the coast at Lima with the
    residence in San Isidro. ``labels``: peru, lima, san-isidro, pacific-ocean."""
    figure = _figure(7.0, 4.6, families)
    wide = figure.add_axes((0.0, 0.0, 0.42, 1.0))
    close = figure.add_axes((0.47, 0.08, 0.53, 0.84))
    for axes, box in ((wide, CONTINENT), (close, CLOSER)):
        axes.set_xlim(box[0], box[1])
        axes.set_ylim(box[2], box[3])
        axes.set_aspect(1.0)
        axes.set_facecolor(COLOURS["sea"])
        axes.set_xticks([])
        axes.set_yticks([])
        for spine in axes.spines.values():
            spine.set_edgecolor(COLOURS["muted"])
            spine.set_linewidth(0.6)
    # Which outlines, on which view, in which colours (fill, edge) and weight.
    layers = (
        ("continent", wide, CONTINENT, "land", "muted", 0.3),
        ("peru", wide, CONTINENT, "focus", "ink", 0.5),
        ("coast", close, CLOSER, "land", "ink", 0.6),
    )
    for name, axes, box, fill, edge, weight in layers:
        style = {"facecolor": COLOURS[fill], "edgecolor": COLOURS[edge], "linewidth": weight}
        _rings(axes, outlines[name], box, **style)
    x, y = RESIDENCE
    # The closer view's frame, on the continent.
    west, east, south, north = CLOSER
    wide.plot(
        [west, east, east, west, west],
        [south, south, north, north, south],
        color=COLOURS["mark"],
        linewidth=0.8,
    )
    wide.plot([x], [y], "o", color=COLOURS["mark"], markersize=3)
    close.plot([x], [y], "o", color=COLOURS["mark"], markersize=6)

    placed = count()

    def text(axes: Axes, key: str, at: tuple[float, float], **style: Any) -> None:
        # A label may stand twice (Lima, on both views): each its own id.
        gid = f"label-{key}-{next(placed)}"
        axes.text(*at, plain(labels[key]), gid=gid, color=COLOURS["ink"], **style)

    text(wide, "peru", (-74.0, -7.5), ha="center", va="center", fontsize=9)
    text(wide, "lima", (x + 1.0, y - 1.0), ha="left", va="top", fontsize=8)
    # Seas in italics along the coast, as maps set them; but Chinese characters neither
    # slant nor lie on their side (太平洋).
    ocean = plain(labels["pacific-ocean"])
    upright = any("\u2e80" <= character <= "\u9fff" for character in ocean)
    sea = {"style": "normal" if upright else "italic", "ha": "center", "va": "center"}
    text(wide, "pacific-ocean", (-86.0, -30.0), fontsize=8, rotation=0 if upright else 90, **sea)
    text(close, "san-isidro", (x + 0.015, y - 0.012), ha="left", va="top", fontsize=9)
    text(close, "lima", (-76.95, -11.93), ha="center", va="center", fontsize=10)
    text(close, "pacific-ocean", (-77.22, -12.22), fontsize=9, **sea)
    return _tagged(_svg(figure), labels)


def timeline(
    events: Sequence[Event], span: tuple[date, date, Label], families: Sequence[str]
) -> str:
    """The dated events on a time axis broken where years pass with nothing dated, and
    the siege as a span."""
    figure = _figure(7.0, 2.6, families)
    axes = figure.add_axes((0.02, 0.05, 0.96, 0.9))
    axes.set_axis_off()
    # The axis: the months of the crisis at their scale, then one short stretch per
    # later year, each after a break.
    first = min(e.when for e in events)
    crisis_end = span[1]
    crisis_days = max((crisis_end - first).days, 1)
    later_years = sorted({e.when.year for e in events if e.when > crisis_end})
    crisis_width = 0.62
    step = (1.0 - crisis_width) / (len(later_years) + 0.5) if later_years else 0

    def position(when: date) -> float:
        if when <= crisis_end:
            return 0.04 + crisis_width * 0.9 * (when - first).days / crisis_days
        return crisis_width + step * (later_years.index(when.year) + 0.75)

    axes.set_xlim(0, 1)
    axes.set_ylim(-1.3, 3.6)
    ink, muted, mark = COLOURS["ink"], COLOURS["muted"], COLOURS["mark"]
    # Axis pieces with a break mark between them.
    pieces = [(0.0, crisis_width)] + [
        (crisis_width + step * (i + 0.45), crisis_width + step * (i + 1.05))
        for i in range(len(later_years))
    ]
    for start, end in pieces:
        axes.plot([start, end], [0, 0], color=muted, linewidth=1.2, solid_capstyle="butt")
    for (_, end), (start, _) in pairwise(pieces):
        for edge in (end, start):
            axes.plot([edge - 0.006, edge + 0.006], [-0.18, 0.18], color=muted, linewidth=1.0)
    # The span of the siege, under the axis.
    left, right = position(span[0]), position(span[1])
    axes.plot([left, right], [-0.55, -0.55], color=mark, linewidth=3, solid_capstyle="butt")
    axes.text(
        (left + right) / 2,
        -0.85,
        plain(span[2]),
        gid="label-span",
        ha="center",
        va="top",
        color=ink,
    )
    # Each event on a stem, its label to the right of the stem's top. A stem must not
    # cross a label to its left: it stands lower than every label that reaches over it.
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(figure).get_renderer()  # type: ignore[no-untyped-call]
    levels = (3.0, 2.0, 1.0)
    placed: list[tuple[float, float]] = []  # where each label ends, and its height
    for index, event in enumerate(events):
        x = position(event.when)
        over = [height for end, height in placed if end > x]
        height = next((level for level in levels if all(level < h for h in over)), levels[-1])
        axes.plot([x, x], [0, height], color=muted, linewidth=0.7)
        axes.plot([x], [0], "o", color=mark, markersize=4)
        label = axes.text(
            x + 0.005,
            height,
            plain(event.label),
            gid=f"label-{index}",
            ha="left",
            va="center",
            color=ink,
        )
        extent = label.get_window_extent(renderer).transformed(axes.transAxes.inverted())
        placed.append((extent.x1 + 0.01, height))
    labels = {str(i): e.label for i, e in enumerate(events)} | {"span": span[2]}
    return _tagged(_svg(figure), labels)


def _tagged(svg: str, labels: Mapping[str, Label]) -> str:
    """The SVG with each label's runs in other languages marked with ``lang``."""
    for key, label in labels.items():
        if not any(run.lang for run in label):
            continue
        spans = "".join(
            f'<tspan lang="{run.lang}">{escape(run.text)}</tspan>' if run.lang else escape(run.text)
            for run in label
        )
        pattern = re.compile(
            rf'(<g id="label-{re.escape(key)}(?:-\d+)?"[^>]*>\s*<text[^>]*>)(.*?)(</text>)', re.S
        )
        svg = pattern.sub(lambda m: m.group(1) + spans + m.group(3), svg)  # noqa: B023
    return svg
