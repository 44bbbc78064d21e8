"""Render the recovery action plans text fixture as a council-style PDF.

The source (``sample_docs/recovery_action_plans_appendix_b.txt``) is plain text:
a few title lines, a ``Contents<TAB>Page`` table, then one
``<Cell> - Recovery Action Plan`` heading per plan, each followed by an
8-column tab-separated table.  Blank lines inside a plan's table are page
breaks of the original document and are ignored here (reportlab paginates
afresh).  Some "Action to be taken" cells hold HTML fragments, rendered as
plain text with line breaks.

The PDF is a test fixture, so the output is deterministic (``invariant=1``)
and uses only fonts shipped with reportlab (Bitstream Vera), so that
'–', '£', '•', '&' and quotes come back unchanged from text extraction.

Usage::

    python scripts/make_sample_pdf.py [--source TXT] [--out PDF]
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import reportlab
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
    tables,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO_ROOT / "sample_docs" / "recovery_action_plans_appendix_b.txt"
DEFAULT_OUT = DEFAULT_SOURCE.with_suffix(".pdf")

N_COLUMNS = 8
PAGE_SIZE = landscape(A4)
MARGIN = 1.27 * cm
FOOTER_Y = 0.6 * cm
# Relative widths of the 8 action-plan columns ("Action to be taken" widest).
# Tuned so that about 20 rows break across a page boundary.
COLUMN_WEIGHTS = (0.05, 0.27, 0.10, 0.14, 0.13, 0.09, 0.15, 0.07)
CELL_FONT_SIZE = 8
CELL_LEADING = 9.6
CELL_PADDING = 3
HEADER_FILL = colors.HexColor("#D9E2F3")
SUBHEADING_FILL = colors.HexColor("#F2F2F2")

FONT_REGULAR = "Vera"
FONT_BOLD = "Vera-Bold"
FONT_ITALIC = "Vera-Italic"
FONT_BOLD_ITALIC = "Vera-BoldItalic"
FONT_FILES = {
    FONT_REGULAR: "Vera.ttf",
    FONT_BOLD: "VeraBd.ttf",
    FONT_ITALIC: "VeraIt.ttf",
    FONT_BOLD_ITALIC: "VeraBI.ttf",
}

BULLET = "\u2022"
# Only these HTML tags are markup; any other '<' is literal text ("<75 homes").
HTML_TAG_RE = re.compile(r"<(/?)(p|ul|ol|li|br|i|em|u|b|strong)\b[^<>]*?/?>", re.IGNORECASE)
INLINE_TAGS = {"i": "i", "em": "i", "u": "u", "b": "b", "strong": "b"}
RL_TAG_RE = re.compile(r"</?[a-z]+/?>")


# --------------------------------------------------------------------------
# Source parsing
# --------------------------------------------------------------------------


@dataclass
class Plan:
    """One recovery cell's action plan: heading, header row and body rows."""

    heading: str
    header: list[str]
    rows: list[list[str]]


@dataclass
class SourceDoc:
    """The parsed text fixture."""

    title_lines: list[str]
    contents: list[list[str]]
    plans: list[Plan]


def is_subheading(row: list[str]) -> bool:
    """A sub-heading row has text in the first cell only."""
    return bool(row[0].strip()) and not any(cell.strip() for cell in row[1:])


def _starts_table(lines: list[tuple[int, str]], index: int) -> bool:
    """Is the next non-blank line after lines[index] an 8-column table row?"""
    following = lines[index + 1 : index + 2]
    return bool(following) and len(following[0][1].split("\t")) == N_COLUMNS


def parse_source(text: str) -> SourceDoc:
    """Split the fixture into title lines, contents table and plans.

    A plan heading is a line without tabs followed by an 8-column header row;
    other tab-free lines before the first plan are title lines.
    """
    title_lines: list[str] = []
    contents: list[list[str]] = []
    plans: list[Plan] = []
    # Blank lines are spacing or page breaks of the original: never structure.
    lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    for index, (lineno, line) in enumerate(lines):
        if "\t" not in line:
            if _starts_table(lines, index):
                plans.append(Plan(heading=line.strip(), header=[], rows=[]))
            elif not plans and not contents:
                title_lines.append(line.strip())
            else:
                raise ValueError(f"line {lineno}: text outside a table: {line!r}")
            continue
        cells = line.split("\t")
        if not plans:
            contents.append(cells)
            continue
        if len(cells) != N_COLUMNS:
            raise ValueError(f"line {lineno}: expected {N_COLUMNS} cells, got {len(cells)}")
        plan = plans[-1]
        if plan.header:
            plan.rows.append(cells)
        else:
            plan.header = cells
    return SourceDoc(title_lines=title_lines, contents=contents, plans=plans)


# --------------------------------------------------------------------------
# HTML fragment -> reportlab paragraph markup
# --------------------------------------------------------------------------


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def _split_bullets(text: str) -> list[str]:
    """Split list text before each literal bullet ("... •Plan ... •Implement")."""
    return re.split(f"(?={BULLET})", text)


def _html_tokens(raw: str) -> list[tuple[str, str]]:
    """Tokenise a cell into ("text", s), ("break", "") and ("inline", tag)."""
    tokens: list[tuple[str, str]] = []
    list_depth = 0
    pos = 0
    for match in HTML_TAG_RE.finditer(raw):
        tokens.extend(_text_tokens(raw[pos : match.start()], list_depth > 0))
        pos = match.end()
        closing, name = match.group(1) == "/", match.group(2).lower()
        if name in INLINE_TAGS:
            tokens.append(("inline", f"<{'/' if closing else ''}{INLINE_TAGS[name]}>"))
            continue
        tokens.append(("break", ""))
        if name in ("ul", "ol"):
            list_depth += -1 if closing else 1
        elif name == "li" and not closing:
            tokens.append(("text", BULLET + " "))
    tokens.extend(_text_tokens(raw[pos:], list_depth > 0))
    return tokens


def _text_tokens(text: str, in_list: bool) -> list[tuple[str, str]]:
    if not text:
        return []
    if not in_list:
        return [("text", text)]
    tokens: list[tuple[str, str]] = []
    for i, piece in enumerate(_split_bullets(text)):
        if i:
            tokens.append(("break", ""))
        tokens.append(("text", piece))
    return tokens


def _is_blank(line: str) -> bool:
    return not RL_TAG_RE.sub("", line).strip()


def cell_markup(raw: str) -> str:
    """Convert a source cell to Paragraph markup; lines joined by <br/>."""
    lines: list[str] = [""]
    for kind, value in _html_tokens(raw):
        if kind == "break":
            lines.append("")
        elif kind == "inline":
            lines[-1] += value
        else:
            lines[-1] += _escape(value)
    kept: list[str] = []
    for line in (line.strip() for line in lines):
        if not _is_blank(line):
            kept.append(line)
        elif line and kept:  # tags only (e.g. a stray "</i>"): keep with previous
            kept[-1] += line
    return "<br/>".join(kept)


# --------------------------------------------------------------------------
# Fonts and styles
# --------------------------------------------------------------------------


def check_reportlab() -> None:
    """splitInRow and the in-row split line keywords need a recent reportlab."""
    if "inrowsplitstart" not in getattr(tables, "_SPECIALROWS", ()):
        raise SystemExit(f"reportlab {reportlab.Version} is too old: no in-row table splitting")


def register_fonts(text: str) -> None:
    """Register reportlab's bundled Vera family and alias glyphless chars."""
    font_dir = Path(reportlab.__file__).parent / "fonts"
    for name, filename in FONT_FILES.items():
        font = TTFont(name, str(font_dir / filename))
        alias_missing_glyphs(font, text)
        pdfmetrics.registerFont(font)
    pdfmetrics.registerFontFamily(
        FONT_REGULAR,
        normal=FONT_REGULAR,
        bold=FONT_BOLD,
        italic=FONT_ITALIC,
        boldItalic=FONT_BOLD_ITALIC,
    )


def alias_missing_glyphs(font: TTFont, text: str) -> list[str]:
    """Map chars the font lacks (e.g. '☐') to its .notdef box glyph.

    Without this reportlab writes them as code 0, which extracts as '\\x00';
    aliased, they get their own code and a ToUnicode entry, so text
    extraction returns the original character.
    """
    face = font.face
    missing = sorted({ch for ch in text if ord(ch) >= 32 and ord(ch) not in face.charToGlyph})
    for ch in missing:
        face.charToGlyph[ord(ch)] = 0
        face.charWidths[ord(ch)] = face.defaultWidth
    return missing


def make_styles() -> dict[str, ParagraphStyle]:
    """Paragraph styles; no hyphenation or long-word splitting (keeps words intact)."""
    cell = ParagraphStyle(
        "Cell",
        fontName=FONT_REGULAR,
        fontSize=CELL_FONT_SIZE,
        leading=CELL_LEADING,
        splitLongWords=0,
        hyphenationLang="",
        embeddedHyphenation=0,
    )
    return {
        "title": ParagraphStyle("Title", fontName=FONT_BOLD, fontSize=20, leading=26, spaceAfter=10),
        "subtitle": ParagraphStyle("Subtitle", fontName=FONT_BOLD, fontSize=14, leading=18, spaceAfter=18),
        "heading": ParagraphStyle(
            "Heading",
            fontName=FONT_BOLD,
            fontSize=14,
            leading=18,
            spaceAfter=8,
            keepWithNext=1,
        ),
        "cell": cell,
        "header": ParagraphStyle("HeaderCell", parent=cell, fontName=FONT_BOLD),
        "subheading": ParagraphStyle("SubHeadingCell", parent=cell, fontName=FONT_BOLD),
    }


# --------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------


def base_table_style() -> list[tuple[object, ...]]:
    return [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]


def column_widths(total: float) -> list[float]:
    return [round(total * weight, 2) for weight in COLUMN_WEIGHTS]


def words_too_wide(plan: Plan, widths: list[float]) -> list[str]:
    """Words wider than their column (they would overflow: no word splitting)."""
    too_wide = []
    rows = [plan.header, *(row for row in plan.rows if not is_subheading(row))]
    for row in rows:  # sub-heading rows span the whole table
        font = FONT_BOLD if row is plan.header else FONT_REGULAR
        for cell, width in zip(row, widths, strict=True):
            for word in HTML_TAG_RE.sub(" ", cell).split():
                if stringWidth(word, font, CELL_FONT_SIZE) > width - 2 * CELL_PADDING:
                    too_wide.append(word)
    return too_wide


def plan_table(plan: Plan, styles: dict[str, ParagraphStyle], width: float) -> Table:
    """Fully ruled table, header repeated, tall rows split across pages."""
    widths = column_widths(width)
    if too_wide := words_too_wide(plan, widths):
        raise ValueError(f"{plan.heading}: words wider than their column: {too_wide}")
    data: list[list[Paragraph | str]] = [[Paragraph(_escape(cell), styles["header"]) for cell in plan.header]]
    commands = [
        *base_table_style(),
        # reportlab leaves the in-row split edges open; close them so every
        # piece of a broken row is a fully ruled cell on both pages.
        ("LINEBELOW", (0, "inrowsplitstart"), (-1, "inrowsplitstart"), 0.5, colors.black),
        ("LINEABOVE", (0, "inrowsplitend"), (-1, "inrowsplitend"), 0.5, colors.black),
    ]
    for row in plan.rows:
        index = len(data)
        if is_subheading(row):
            data.append([Paragraph(_escape(row[0].strip()), styles["subheading"])] + [""] * 7)
            commands.append(("SPAN", (0, index), (-1, index)))
            commands.append(("BACKGROUND", (0, index), (-1, index), SUBHEADING_FILL))
        else:
            data.append([Paragraph(cell_markup(cell), styles["cell"]) for cell in row])
    return Table(
        data,
        colWidths=widths,
        repeatRows=1,
        splitByRow=0,  # prefer splitting the row that straddles the page break
        splitInRow=1,  # minimum height (pt) of a split row piece
        style=TableStyle(commands),
        hAlign="LEFT",
    )


def contents_table(rows: list[list[str]], styles: dict[str, ParagraphStyle]) -> Table:
    data = [
        [Paragraph(_escape(cell), styles["header" if i == 0 else "cell"]) for cell in row] for i, row in enumerate(rows)
    ]
    commands = [*base_table_style(), ("ALIGN", (1, 0), (1, -1), "RIGHT")]
    return Table(data, colWidths=[7 * cm, 2 * cm], style=TableStyle(commands), hAlign="LEFT")


def build_story(source: SourceDoc, width: float) -> list[Flowable]:
    styles = make_styles()
    story: list[Flowable] = []
    for i, line in enumerate(source.title_lines):
        story.append(Paragraph(_escape(line), styles["title" if i == 0 else "subtitle"]))
    if source.contents:
        story += [Spacer(1, 6), contents_table(source.contents, styles)]
    for plan in source.plans:
        story.append(PageBreak())
        story.append(Paragraph(_escape(plan.heading), styles["heading"]))
        story.append(plan_table(plan, styles, width))
    return story


# --------------------------------------------------------------------------
# Document
# --------------------------------------------------------------------------


def draw_footer(canvas: Canvas, doc: SimpleDocTemplate) -> None:
    canvas.saveState()
    canvas.setFont(FONT_REGULAR, 8)
    canvas.drawCentredString(PAGE_SIZE[0] / 2, FOOTER_Y, f"Page {doc.page}")
    canvas.restoreState()


def render_pdf(source: SourceDoc, out: Path) -> int:
    """Build the PDF; returns the number of pages."""
    doc = SimpleDocTemplate(
        str(out),
        pagesize=PAGE_SIZE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=" ".join(source.title_lines),
        author="Kent Resilience Forum",
        subject="COVID-19 recovery cell action plans",
        creator="kentparse scripts/make_sample_pdf.py",
        invariant=1,
    )
    doc.build(build_story(source, doc.width), onFirstPage=draw_footer, onLaterPages=draw_footer)
    return int(doc.page)


def count_broken_rows(pdf_path: Path) -> int | None:
    """Count table pieces whose first data row has an empty first cell.

    Such a piece continues a row broken at the previous page boundary.
    Returns None if pdfplumber is not installed.
    """
    try:
        import pdfplumber
    except ImportError:
        return None
    broken = 0
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            for table in page.find_tables():
                rows = table.extract()
                if len(rows) > 1 and (rows[0][0] or "").split() == ["Action", "No."] and not (rows[1][0] or "").strip():
                    broken += 1
    return broken


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="text fixture")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="PDF to write")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    check_reportlab()
    text = args.source.read_text(encoding="utf-8")
    source = parse_source(text)
    register_fonts(text)
    pages = render_pdf(source, args.out)
    actions = sum(1 for plan in source.plans for row in plan.rows if not is_subheading(row))
    print(f"wrote {args.out} ({pages} pages, {len(source.plans)} plans, {actions} actions)")
    broken = count_broken_rows(args.out)
    if broken is None:
        print("rows broken across pages: unknown (pdfplumber not installed)")
    else:
        print(f"rows broken across pages: {broken}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
