"""The kit's colours, in one place: charts, HTML tables, widgets, the report and the PDF all take them from here.

Okabe–Ito colours stay distinct for the common colour-vision deficiencies. Each colour means one thing:
green/orange/vermillion are the adherence bands (and nothing else uses them as fills), messages use the status
colours, and grey is "no data".

>>> BAND_COLOURS["yellow"] == OKABE_ITO["orange"]
True
>>> STATUS["danger"]
'#D55E00'
"""

from __future__ import annotations

OKABE_ITO = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
}
BAND_COLOURS = {"green": OKABE_ITO["green"], "yellow": OKABE_ITO["orange"], "red": OKABE_ITO["vermillion"]}
BAND_TEXT = {"green": "#ffffff", "yellow": "#000000", "red": "#ffffff"}  # readable text on each band
NO_DATA = "#d9d9d9"
STATUS = {  # the colour of a message by what it says
    "success": OKABE_ITO["green"],
    "info": OKABE_ITO["blue"],
    "warning": OKABE_ITO["orange"],
    "danger": OKABE_ITO["vermillion"],
}
SAMPLE_BANNER = OKABE_ITO["orange"]  # the "this is the sample data" banner
OWN_DATA_BANNER = OKABE_ITO["green"]
HEADING_RULE = OKABE_ITO["blue"]
TABLE_HEADER_BG = "#f3f3f3"
TABLE_BORDER = "#dddddd"
PANEL_BG = "#f7f7f7"
TEXT = "#222222"  # body text of the report
MUTED_TEXT = "#666666"  # the report's secondary lines
NOTE_TEXT = "#4d4d4d"  # small notes on charts and PDF pages
REFERENCE_LINE = "#999999"  # a reference line on a chart (80 % of the dose)
UNKNOWN = "#8c8c8c"  # a run whose traffic light is not known
GRID_LINE = "#ebebeb"  # a chart's light grid
