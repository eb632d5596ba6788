"""The kit's colours, in one place: charts, HTML tables, widgets, the report and the PDF all take them from here.

Okabe–Ito colours stay distinct for the common colour-vision deficiencies, and nothing is told by colour alone.
Each thing the kit shows has its own encoding:

- **Adherence bands** (the week's routine: green ≥ 80 %, yellow ≥ 50 %, red below) are *fills*: a bar or a
  cell filled with the band's colour and pattern (green plain, yellow ``//``, red ``xx``), the word beside it
  in tables. The yellow is a yellow (Okabe–Ito ``#F0E442``), drawn with black text and a dark edge.
- **Run traffic lights** (pain tolerance of a run) are *symbols*: green ●, yellow ▲, red ✖, unknown ○, each
  with a black outline, never a filled bar or cell.
- **The coach's action** (call / check in / ok) is the one coloured column of the overview: call in
  vermillion, check in in yellow, ok uncoloured; the word is always written.
- **Dose grids** (calendar, drills, squad) use one sequential blue scale in %; a missed day or week (0 %) carries
  a cross; light grey is "no data".
- **Notices** (the banner saying whose data is shown, messages) are blue or grey boxes, never a band colour;
  a warning is orange (``#E69F00``), which no chart uses.
- **Running load** is sky blue and purple, with no zones.

>>> BAND_COLOURS["yellow"] == OKABE_ITO["yellow"]
True
>>> sorted(set(BAND_COLOURS.values()) & {SAMPLE_BANNER, OWN_DATA_BANNER, STATUS["info"], STATUS["warning"]})
[]
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
BAND_COLOURS = {"green": OKABE_ITO["green"], "yellow": OKABE_ITO["yellow"], "red": OKABE_ITO["vermillion"]}
BAND_TEXT = {"green": "#ffffff", "yellow": "#000000", "red": "#ffffff"}  # readable text on each band
BAND_HATCH = {"green": "", "yellow": "//", "red": "xx"}  # a band's pattern: told apart without colour
BAND_EDGE = "#4d4d4d"  # the outline of a band's bar, so the yellow stands out on white
LIGHT_COLOURS = {  # a run's traffic light: the colour of its symbol
    "green": OKABE_ITO["green"],
    "yellow": OKABE_ITO["yellow"],
    "red": OKABE_ITO["vermillion"],
    "unknown": "#8c8c8c",
}
LIGHT_MARKERS = {"green": "o", "yellow": "^", "red": "X", "unknown": "o"}  # and its shape
LIGHT_SYMBOLS = {"green": "●", "yellow": "▲", "red": "✖", "unknown": "○"}  # the same, in text
ACTION_COLOURS = {"call": OKABE_ITO["vermillion"], "check in": OKABE_ITO["yellow"], "ok": "#ffffff"}
ACTION_TEXT = {"call": "#ffffff", "check in": "#000000", "ok": "#222222"}
MISSED = OKABE_ITO["black"]  # the cross on a missed (0 %) day or week
NO_DATA = "#d9d9d9"
STATUS = {  # the colour of a message by what it says
    "success": OKABE_ITO["green"],
    "info": OKABE_ITO["blue"],
    "warning": OKABE_ITO["orange"],
    "danger": OKABE_ITO["vermillion"],
}
SAMPLE_BANNER = OKABE_ITO["sky"]  # the "this is the sample data" banner: a notice, not a band
OWN_DATA_BANNER = OKABE_ITO["blue"]
HEADING_RULE = OKABE_ITO["blue"]
TABLE_HEADER_BG = "#f3f3f3"
TABLE_BORDER = "#dddddd"
PANEL_BG = "#f7f7f7"
TEXT = "#222222"  # body text of the report
MUTED_TEXT = "#666666"  # the report's secondary lines, and a number marked old
NOTE_TEXT = "#4d4d4d"  # small notes on charts and PDF pages
REFERENCE_LINE = "#999999"  # a reference line on a chart (80 % of the dose)
UNKNOWN = LIGHT_COLOURS["unknown"]  # a run whose traffic light is not known
GRID_LINE = "#ebebeb"  # a chart's light grid
