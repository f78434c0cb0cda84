"""The report chart as a PNG: clicks, conversions and revenue, one panel each — by hour for a day
(that day vs the day before vs the same day a week before) or by day for longer ranges.

matplotlib's object API with the Agg canvas (no pyplot, no global state), so charts can be drawn
in a worker thread: call :func:`render_png` through ``asyncio.to_thread``. matplotlib is imported
by the first chart, not with the bot: it costs about half a second and some 50 MiB, which a process
that draws no chart never needs to pay.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Panel", "render_png"]

_STYLES = (
    {"color": "#1f77b4", "linewidth": 2.4, "linestyle": "-"},
    {"color": "#ff7f0e", "linewidth": 1.6, "linestyle": "--"},
    {"color": "#7f7f7f", "linewidth": 1.4, "linestyle": ":"},
)


@dataclass(frozen=True, slots=True)
class Panel:
    title: str
    series: Sequence[tuple[str, Sequence[float]]]


def render_png(title: str, x: Sequence[str], panels: Sequence[Panel], *, bars: bool = False) -> bytes:
    """Draw the panels under one title and return PNG bytes (800×300 px per panel)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # on first use only (see above)
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8, 1 + 2.8 * len(panels)), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    figure.suptitle(title, fontsize=12)
    axes = figure.subplots(len(panels), 1, squeeze=False, sharex=True)[:, 0]
    positions = list(range(len(x)))
    step = max(1, len(x) // 12)
    for ax, panel in zip(axes, panels, strict=True):
        ax.set_title(panel.title, fontsize=10, loc="left")
        for index, (label, values) in enumerate(panel.series):
            if bars and len(panel.series) == 1:
                ax.bar(positions, list(values), color=_STYLES[0]["color"], label=label)
            else:
                ax.plot(positions, list(values), label=label, marker="o" if len(x) <= 31 else None,
                        markersize=3, **_STYLES[index % len(_STYLES)])  # fmt: skip
        ax.grid(True, alpha=0.3)
        ax.set_ylim(bottom=0)
        if len(panel.series) > 1:
            ax.legend(fontsize=8, loc="upper left")
    axes[-1].set_xticks(positions[::step], [x[i] for i in positions[::step]], fontsize=8)
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()
