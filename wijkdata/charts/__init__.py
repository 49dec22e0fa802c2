"""Altair chart builders: a tidy DataFrame in, a finished chart out (Dutch locale, titles,
source line). No chart sends more than 5,000 rows; builders draw what the core aggregated."""

from wijkdata.charts.bars import bar_chart
from wijkdata.charts.base import MAX_ROWS, to_png, to_svg
from wijkdata.charts.funnel import funnel_chart
from wijkdata.charts.heatmap import heatmap_chart
from wijkdata.charts.spine import spine_chart
from wijkdata.charts.trend import trend_chart

__all__ = ["MAX_ROWS", "bar_chart", "funnel_chart", "heatmap_chart", "spine_chart", "to_png", "to_svg", "trend_chart"]
