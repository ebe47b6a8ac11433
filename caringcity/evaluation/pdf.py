"""PDFs of reports, made with reportlab from the same assembled content as the pages
(``selectors.reports.report_content`` and ``summary_content``): the page and the PDF cannot
disagree. Charts are reportlab drawings of the same numbers the page draws as SVG, with the
numbers in a table beside them. Each figure carries an anchor; its reference links to "How each
figure was worked out" at the end.

Fonts: DejaVu Sans (Latin, Turkish, Greek, Cyrillic) when the system has it, else reportlab's own
Vera (Latin only; Turkish letters such as ı and ş may then show as boxes). Bengali needs a Bengali
font (Noto Sans Bengali, Lohit Bengali, or the operator's ``EVALUATION_PDF_BENGALI_FONT``):
when one is found, runs of Bengali letters are set in it. reportlab does not shape Bengali
conjuncts, so joined letters may look simplified; the page (in a browser) shows them fully.
"""

import io
import os
import re
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils.translation import gettext as _
from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from caringcity.evaluation.drawing.reports import scale_for

FONT_DIRS = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/local/share/fonts", "/Library/Fonts"]
BENGALI_FILES = [
    "/usr/share/fonts/truetype/noto/NotoSansBengali-Regular.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansBengali-Regular.ttf",
    "/usr/share/fonts/truetype/lohit-bengali/Lohit-Bengali.ttf",
    "/usr/share/fonts/truetype/fonts-beng-extra/MuktiNarrow.ttf",
]
BENGALI = re.compile(r"([\u0980-\u09FF]+(?:[\s\u200c\u200d]+[\u0980-\u09FF]+)*)")

_FONTS = {}


def fonts():
    """(regular, bold, bengali or None): registered once per process."""
    if _FONTS:
        return _FONTS["regular"], _FONTS["bold"], _FONTS["bengali"]
    regular, bold = "Helvetica", "Helvetica-Bold"
    for folder in FONT_DIRS:
        plain, heavy = os.path.join(folder, "DejaVuSans.ttf"), os.path.join(folder, "DejaVuSans-Bold.ttf")
        if os.path.exists(plain) and os.path.exists(heavy):
            pdfmetrics.registerFont(TTFont("CCSans", plain))
            pdfmetrics.registerFont(TTFont("CCSans-Bold", heavy))
            regular, bold = "CCSans", "CCSans-Bold"
            break
    else:
        try:
            pdfmetrics.registerFont(TTFont("CCSans", "Vera.ttf"))
            pdfmetrics.registerFont(TTFont("CCSans-Bold", "VeraBd.ttf"))
            regular, bold = "CCSans", "CCSans-Bold"
        except Exception:  # noqa: BLE001 - no TrueType font at all: the PDF still opens in Helvetica
            pass
    if regular == "CCSans":
        pdfmetrics.registerFontFamily("CCSans", normal="CCSans", bold="CCSans-Bold", italic="CCSans", boldItalic="CCSans-Bold")
    bengali = None
    for path in [getattr(settings, "EVALUATION_PDF_BENGALI_FONT", ""), *BENGALI_FILES]:
        if path and os.path.exists(path):
            try:
                pdfmetrics.registerFont(TTFont("CCBengali", path))
                bengali = "CCBengali"
                break
            except Exception:  # noqa: BLE001 - a broken font file: leave Bengali to the main font
                continue
    _FONTS.update(regular=regular, bold=bold, bengali=bengali)
    return regular, bold, bengali


def t(text):
    """Text for a Paragraph: escaped, and Bengali runs set in the Bengali font when there is one."""
    text = escape(str(text or ""))
    bengali = fonts()[2]
    if bengali:
        text = BENGALI.sub(lambda m: f'<font name="{bengali}">{m.group(1)}</font>', text)
    return text


class Writer:
    """Paragraph styles and small helpers shared by the two PDFs."""

    def __init__(self, base_url=""):
        regular, bold, _bengali = fonts()
        self.base_url = base_url.rstrip("/")
        sheet = getSampleStyleSheet()
        self.regular, self.bold = regular, bold
        self.body = ParagraphStyle("ccBody", parent=sheet["BodyText"], fontName=regular, fontSize=10, leading=14, alignment=TA_LEFT)
        self.small = ParagraphStyle("ccSmall", parent=self.body, fontSize=8.5, leading=11)
        self.quote = ParagraphStyle("ccQuote", parent=self.body, fontSize=11, leading=15, leftIndent=12, borderPadding=4)
        self.h1 = ParagraphStyle("ccH1", parent=sheet["Title"], fontName=bold, fontSize=20, leading=24, alignment=TA_LEFT)
        self.h2 = ParagraphStyle("ccH2", parent=sheet["Heading2"], fontName=bold, fontSize=15, leading=19, spaceBefore=12)
        self.h3 = ParagraphStyle("ccH3", parent=sheet["Heading3"], fontName=bold, fontSize=12, leading=15, spaceBefore=8)
        self.h4 = ParagraphStyle("ccH4", parent=sheet["Heading4"], fontName=bold, fontSize=10.5, leading=13, spaceBefore=6)
        self.story = []

    def p(self, text, style=None, raw=False):
        self.story.append(Paragraph(text if raw else t(text), style or self.body))

    def heading(self, text, level=2, anchor=""):
        style = {1: self.h1, 2: self.h2, 3: self.h3, 4: self.h4}[level]
        name = f'<a name="{anchor}"/>' if anchor else ""
        self.story.append(Paragraph(name + t(text), style))

    def link(self, url):
        return f"{self.base_url}{url}" if url.startswith("/") else url

    def ref(self, figure):
        """A figure's value with a link to how it was worked out."""
        return f'{t(figure.value_text)} <a href="#{figure.ref}" color="#1d70b8">[{figure.ref[4:] if figure.ref.startswith("fig-") else figure.ref}]</a>'

    def table(self, rows, widths, header=True):
        data = [[cell if isinstance(cell, (Paragraph, Drawing)) else Paragraph(t(cell), self.small) for cell in row] for row in rows]
        table = Table(data, colWidths=widths, repeatRows=1 if header else 0)
        style = [("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#b1b4b6")), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                 ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4)]
        if header:
            style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f2f1")))
        table.setStyle(TableStyle(style))
        self.story.append(table)

    def cellp(self, html):
        return Paragraph(html, self.small)

    def spacer(self, height=4):
        self.story.append(Spacer(1, height * mm))

    def build(self, *, title, author, subject):
        buffer = io.BytesIO()
        regular = self.regular

        def footer(canvas, doc):
            canvas.saveState()
            canvas.setFont(regular, 8)
            canvas.drawString(18 * mm, 10 * mm, title[:90])
            canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, _("Page %(n)s") % {"n": doc.page})
            canvas.restoreState()

        doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=18 * mm, bottomMargin=18 * mm,
                                title=title, author=author, subject=subject, creator="Caring City", lang=getattr(settings, "LANGUAGE_CODE", "en"))
        doc.build(self.story, onFirstPage=footer, onLaterPages=footer)
        return buffer.getvalue()


# --- charts, drawn from the same numbers as the SVG -------------------------------------------------

def trend_drawing(points, low, high, font):
    width, height, left, bottom, top, right = 440, 130, 40, 26, 10, 12
    values = [value for _label, value in points]
    low, high = scale_for(values, low, high)
    drawing = Drawing(width, height)
    inner_w, inner_h = width - left - right, height - top - bottom
    drawing.add(Line(left, bottom, width - right, bottom, strokeColor=colors.black, strokeWidth=0.6))
    drawing.add(Line(left, bottom, left, height - top, strokeColor=colors.black, strokeWidth=0.6))
    drawing.add(String(left - 4, bottom - 3, _num(low), fontName=font, fontSize=7, textAnchor="end"))
    drawing.add(String(left - 4, height - top - 6, _num(high), fontName=font, fontSize=7, textAnchor="end"))
    step = inner_w / max(len(points) - 1, 1)
    known = []
    for index, (label, value) in enumerate(points):
        x = left + (index * step if len(points) > 1 else inner_w / 2)
        if len(points) <= 12 or index % max(len(points) // 6, 1) == 0:
            drawing.add(String(x, bottom - 14, str(label), fontName=font, fontSize=7, textAnchor="middle"))
        if value is not None:
            known.append((x, bottom + (value - low) / (high - low) * inner_h))
    if len(known) > 1:
        drawing.add(PolyLine([coord for point in known for coord in point], strokeColor=colors.HexColor("#1d70b8"), strokeWidth=1.5))
    for x, y in known:
        drawing.add(Circle(x, y, 2.5, fillColor=colors.HexColor("#1d70b8"), strokeColor=colors.HexColor("#1d70b8")))
    return drawing


def bars_drawing(rows, font):
    width, row_h, label_w = 440, 22, 150
    height = row_h * max(len(rows), 1) + 6
    bar_w = width - label_w - 40
    drawing = Drawing(width, height)
    for index, (label, value, low, high) in enumerate(rows):
        y = height - (index + 1) * row_h
        drawing.add(String(0, y + 6, label[:30], fontName=font, fontSize=8))
        drawing.add(Rect(label_w, y + 3, bar_w, 12, fillColor=colors.HexColor("#f3f2f1"), strokeColor=colors.HexColor("#b1b4b6"), strokeWidth=0.4))
        if value is None or low is None or high is None or high <= low:
            drawing.add(String(label_w + 4, y + 6, "–", fontName=font, fontSize=8))
            continue
        share = min(max((value - low) / (high - low), 0.0), 1.0)
        drawing.add(Rect(label_w, y + 3, share * bar_w, 12, fillColor=colors.HexColor("#1d70b8"), strokeColor=None))
        drawing.add(String(label_w + bar_w + 4, y + 6, _num(round(value, 2)), fontName=font, fontSize=8))
    return drawing


def _num(value):
    return f"{value:.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)


# --- the report -----------------------------------------------------------------------------------------

def _figures_appendix(w, figures, heading):
    if not figures:
        return
    w.heading(heading, 2, "figures")
    for figure in figures:
        lines = [f'<a name="{figure.ref}"/><b>[{t(figure.ref[4:] if figure.ref.startswith("fig-") else figure.ref)}] {t(figure.label)}: {t(figure.value_text)}</b>',
                 t(_("Period: %(period)s.") % {"period": figure.period}), t(figure.how)]
        if figure.definition:
            lines.append(t(_("What it means: %(definition)s") % {"definition": figure.definition}))
        if figure.source_url:
            url = w.link(figure.source_url)
            lines.append(f'{t(_("The counts behind it:"))} <a href="{escape(url)}" color="#1d70b8">{t(url)}</a>')
        w.story.append(KeepTogether([Paragraph("<br/>".join(lines), w.small), Spacer(1, 2 * mm)]))


def report_pdf(content, *, base_url=""):
    """The report as PDF bytes."""
    from caringcity.evaluation.selectors.reports import day, too_few_words

    w = Writer(base_url)
    report = content.report
    w.heading(report.title, 1)
    w.p(_("%(commons)s · %(period)s") % {"commons": content.commons.name, "period": content.period})
    w.p(_("Figures worked out on %(when)s from the platform's records.") % {"when": day(content.made_at.date())}, w.small)
    if report.introduction:
        for para in report.introduction.split("\n\n"):
            w.p(para)

    w.heading(_("Our theory of change"), 2)
    if content.framework is None:
        w.p(_("This report follows no framework yet."))
    else:
        w.p(str(content.framework))
        if content.dimensions:
            w.heading(_("What we do"), 3)
            for dimension in content.dimensions:
                outputs = ", ".join(output.name for output in dimension.outputs.all())
                w.p(f"<b>{t(dimension.name)}</b>" + (f": {t(outputs)}" if outputs else ""), raw=True)
        w.heading(_("The changes we hope for"), 3)
        for domain, outcomes in content.domains:
            w.p(f"<b>{t(domain.name)}</b>", raw=True)
            for outcome, blocks in outcomes:
                names = ", ".join(block.indicator.name for block in blocks)
                w.p(f"• {t(outcome.name)}" + (f" — {t(_('how we know'))}: {t(names)}" if names else ""), raw=True)

    w.heading(_("Indicators"), 2)
    if not content.indicator_blocks:
        w.p(_("The framework has no indicators yet."))
    for domain, outcomes in content.domains:
        for outcome, blocks in outcomes:
            if not blocks:
                continue
            w.heading(f"{domain.name}: {outcome.name}", 3)
            for block in blocks:
                w.heading(block.indicator.name, 4)
                w.p(f"{t(block.method_label)}" + (f". {t(block.definition)}" if block.definition else ""), w.small, raw=True)
                if block.indicator.target:
                    w.p(_("What we hope to see: %(target)s") % {"target": block.indicator.target}, w.small)
                if block.points:
                    rows = [[_("When"), _("Figure")]]
                    for point in block.points:
                        rows.append([point.label, w.cellp(w.ref(point.figure)) if point.figure else too_few_words()])
                    w.table(rows, [60 * mm, 100 * mm])
                    if len([p for p in block.points if p.value is not None]) > 1:
                        w.story.append(trend_drawing([(p.label, p.value) for p in block.points], block.low, block.high, w.regular))
                if block.change_text:
                    w.p(block.change_text)
                if block.note:
                    w.p(block.note, w.small)

    w.heading(_("Survey results"), 2)
    if not content.surveys:
        w.p(_("No survey round in this period has results open to everyone yet."))
    for survey in content.surveys:
        w.heading(survey.round.name, 3)
        w.p(_("Open from %(start)s to %(end)s.") % {"start": day(survey.round.opens_on), "end": day(survey.round.closes_on)}, w.small)
        if survey.too_few:
            w.p(too_few_words())
            continue
        w.p(_("%(n)s people answered.") % {"n": survey.answered})
        for instrument in survey.instruments:
            w.heading(instrument.name, 4)
            rows = [[_("Measure"), _("Answers"), _("Average")]]
            for row in instrument.measures:
                rows.append([row.label, str(row.n), w.cellp(w.ref(row.figure)) if row.figure else too_few_words()])
            w.table(rows, [70 * mm, 25 * mm, 70 * mm])
            if any(row.figure for row in instrument.measures):
                w.story.append(bars_drawing([(row.label, row.figure.value if row.figure else None, row.low, row.high)
                                             for row in instrument.measures], w.regular))
            if instrument.notice:
                w.p(instrument.notice, w.small)

    w.heading(_("What we learned: reflections"), 2)
    if not content.reflections:
        w.p(_("No reflections were written in this period."))
    for reflection in content.reflections:
        w.heading(reflection.title, 3)
        w.p(_("Written on %(when)s.") % {"when": day(reflection.created.date())}, w.small)
        for label, text in ((_("What we saw"), reflection.saw), (_("What we think it means"), reflection.means),
                            (_("What we will change"), reflection.change)):
            if text:
                w.p(f"<b>{t(label)}:</b> {t(text)}", raw=True)
        if reflection.look_again_on:
            w.p(_("We look again on %(when)s.") % {"when": day(reflection.look_again_on)})

    w.heading(_("In people's own words"), 2)
    if not content.quotes:
        w.p(_("No quotes were chosen for this report."))
    for item in content.quotes:
        w.p(f"“{t(item.text)}”<br/>— {t(item.attribution)}", w.quote, raw=True)

    _figures_appendix(w, content.figures, _("How each figure was worked out"))
    if content.notices:
        w.heading(_("About the questionnaires"), 2)
        for notice in content.notices:
            w.p(notice, w.small)
    return w.build(title=report.title, author=content.commons.name, subject=_("Evaluation report, %(period)s") % {"period": content.period})


# --- the summary for a commissioner -------------------------------------------------------------------

def summary_pdf(content, *, base_url=""):
    from caringcity.evaluation.selectors.reports import day, money, short_period

    w = Writer(base_url)
    title = _("Summary for commissioners: %(title)s") % {"title": content.report.title}
    w.heading(title, 1)
    w.p(_("%(commons)s · %(period)s") % {"commons": content.commons.name, "period": content.period})
    w.p(_("Figures worked out on %(when)s.") % {"when": day(content.made_at.date())}, w.small)

    w.heading(_("Outcomes"), 2)
    rows = [[_("Outcome"), _("Indicator"), _("Latest figure in the period")]]
    for domain, outcome, blocks in content.outcomes:
        for index, block in enumerate(blocks or [None]):
            first = f"{domain.name}: {outcome.name}" if index == 0 else ""
            if block is None:
                rows.append([first, "", _("No indicators yet.")])
                continue
            latest = block.latest
            value = w.cellp(f"{w.ref(latest.figure)} ({t(latest.label)})") if latest and latest.figure else (block.note or "")
            rows.append([first, block.indicator.name, value])
    w.table(rows, [60 * mm, 55 * mm, 59 * mm])

    w.heading(_("Costs"), 2)
    rows = [[_("Kind"), _("What it was"), _("When"), _("Amount"), _("Where the figure comes from")]]
    for group in content.cost_groups:
        for cost in group.rows:
            rows.append([group.label, cost.label, short_period(cost.period_start, cost.period_end), money(cost.amount), cost.source])
        rows.append([w.cellp(f"<b>{t(_('Total: %(kind)s') % {'kind': group.label})}</b>"), "", "", w.cellp(f"<b>{t(money(group.total))}</b>"), ""])
    rows.append([w.cellp(f"<b>{t(_('Total'))}</b>"), "", "", w.cellp(f"<b>{t(money(content.total))}</b>"), ""])
    w.table(rows, [32 * mm, 45 * mm, 30 * mm, 25 * mm, 42 * mm])
    if content.outside:
        w.p(_("Only partly in this period, so not added up:"), w.small)
        for cost in content.outside:
            w.p(f"{cost.label}: {money(cost.amount)} ({short_period(cost.period_start, cost.period_end)})", w.small)

    w.heading(_("Worked out from the costs and the figures"), 2)
    rows = [[_("Figure"), _("Value"), _("How it was worked out")]]
    for figure in content.computed:
        rows.append([figure.label, w.cellp(f'<a name="{figure.ref}"/>{t(figure.value_text)}'), figure.how])
    w.table(rows, [45 * mm, 30 * mm, 99 * mm])

    _figures_appendix(w, content.figures, _("How each outcome figure was worked out"))
    if content.notices:
        w.heading(_("About the questionnaires"), 2)
        for notice in content.notices:
            w.p(notice, w.small)
    return w.build(title=title, author=content.commons.name, subject=_("Outcomes and costs, %(period)s") % {"period": content.period})
