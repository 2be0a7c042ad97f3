"""Charts drawn by the application: inline SVG computed here, no script to read them, each shown
beside a table of the same figures (templates/dashboards/_chart.html).

A chart is categories (the table's rows) by series (its columns); each bar is one cell, drawn
horizontally so that long names fit on a phone, and links to the records behind its figure.
"""

from dataclasses import dataclass, field

# Colours for the series, each at least 3:1 against white (WCAG 1.4.11, graphical objects).
COLOURS = ["#1d4f91", "#c25700", "#2e7d32", "#7b1fa2", "#ad1457", "#00695c", "#5d4037", "#455a64"]
LABEL_WIDTH = 180  # user units kept left of the bars for the category names
BAR_SPACE = 300  # user units of the longest bar
BAR = 14  # a bar's thickness
GAP = 8  # between categories


@dataclass
class Cell:
    value: float
    url: str = ""


@dataclass
class Series:
    name: str
    cells: list  # one Cell per category


@dataclass
class Chart:
    """A chart's figures; `bars()` says where each is drawn."""

    title: str
    categories: list  # (label, url) of each row
    series: list = field(default_factory=list)
    unit: str = ""  # "money" for amounts, shown with the locale's format
    category: str = ""  # what the rows are ("Year", "Partner"): the table's first column

    @property
    def is_empty(self):
        return not any(cell.value for series in self.series for cell in series.cells)

    @property
    def maximum(self):
        return max((cell.value for series in self.series for cell in series.cells), default=0) or 1

    @property
    def height(self):
        return len(self.categories) * (len(self.series) * BAR + GAP) + GAP

    @property
    def width(self):
        return LABEL_WIDTH + BAR_SPACE + 90

    def rows(self):
        """For the SVG: each category with its label's place and its bars."""
        band = len(self.series) * BAR + GAP
        for index, (label, url) in enumerate(self.categories):
            top = GAP + index * band
            bars = []
            for number, series in enumerate(self.series):
                cell = series.cells[index]
                length = BAR_SPACE * float(cell.value) / float(self.maximum)
                bars.append(
                    {
                        "series": series.name,
                        "value": cell.value,
                        "url": cell.url,
                        "y": top + number * BAR,
                        "length": round(length, 2),
                        "colour": COLOURS[number % len(COLOURS)],
                        "text_x": round(LABEL_WIDTH + length + 4, 2),
                    }
                )
            yield {"label": label, "url": url, "label_y": top + len(self.series) * BAR // 2 + 4, "bars": bars}

    def table(self):
        """For the table: each category with its cells, in the series' order."""
        for index, (label, url) in enumerate(self.categories):
            yield {"label": label, "url": url, "cells": [series.cells[index] for series in self.series]}

    def legend(self):
        return [(series.name, COLOURS[number % len(COLOURS)]) for number, series in enumerate(self.series)]
