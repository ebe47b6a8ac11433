"""Demo reports: the Clapton commons' costs for 2026 (fictional but plausible, each with where the
figure comes from; the paid care cost is the paid hours the platform counted at the co-op's rate), two approved quotes from the survey demo's free-text answers whose writers
allowed quoting, and the report "How we did in 2026" with those quotes. Safe to run twice."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError

from caringcity.evaluation import quotes as quote_sources
from caringcity.evaluation.models import Answer, Cost, Quote, Report
from caringcity.evaluation.selectors.reports import hours_of_care
from caringcity.evaluation.services import reports as services

YEAR_START, YEAR_END = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)

# (kind, what it was, amount, from, to, where the figure comes from)
COSTS = [
    ("staff", "Organiser hours: two days a week", "14400.00", YEAR_START, YEAR_END,
     "2026 payroll: 96 days at £150 a day (fictional demo figure)"),
    ("places", "Room hire at Lea Bridge Community Hub", "1560.00", YEAR_START, YEAR_END,
     "Twelve monthly hub invoices at £130 (fictional demo figure)"),
    ("participation", "Vouchers for taking part in surveys and workshops", "750.00", YEAR_START, YEAR_END,
     "Voucher log: 50 vouchers of £15 (fictional demo figure)"),
]
TITLE = "How we did in 2026"
INTRODUCTION = ("This report is for everyone in Clapton Care Commons and for the people who fund us. It sets what "
                "we hoped would change beside what the platform counted, what people told us in the surveys, "
                "what we learned, and what it cost. Every figure says how it was worked out.")


CARE_RATE = Decimal("21.50")  # an hour of paid care from the co-op (fictional demo figure)
CARE_LABEL = "Paid care hours from the care co-op"


def _care_cost(commons):
    """The paid care cost as the co-op's invoices would show it: the paid hours the platform counted
    from the demo's visits, at the co-op's rate, so the summary's cost per paid hour is the rate."""
    paid, _gifted, _periods = hours_of_care(commons, YEAR_START, YEAR_END)
    hours = Decimal(str(round(paid, 2))) if paid else Decimal("900")
    amount = (hours * CARE_RATE).quantize(Decimal("0.01"))
    source = f"The co-op's invoices for 2026: {hours} hours at £{CARE_RATE} (fictional demo figure)"
    return ("care", CARE_LABEL, str(amount), YEAR_START, YEAR_END, source)


def build(ctx):
    commons = ctx["commons"]["clapton"]
    organiser = ctx["people"]["organiser"].user

    for kind, label, amount, start, end, source in [*COSTS, _care_cost(commons)]:
        if not Cost.objects.filter(commons=commons, label=label, period_start=start).exists():
            services.cost_create(actor=organiser, commons=commons, kind=kind, label=label, amount=Decimal(amount),
                                 period_start=start, period_end=end, source=source)

    # two quotes from the surveys demo's answers that may be quoted (none yet: no quotes)
    quotes = list(quote_sources.visible_quotes(commons).order_by("approved_at")[:2])
    if len(quotes) < 2:
        taken = {quote.answer_id for quote in Quote.objects.filter(commons=commons)}
        answers = (Answer.objects.filter(invitation__round__commons=commons, may_quote=True, skipped=False)
                   .exclude(text="").select_related("invitation__round").order_by("pk"))
        for answer in answers:
            if len(quotes) >= 2:
                break
            if answer.pk in taken:
                continue
            try:
                quotes.append(services.quote_approve(actor=organiser, answer=answer, text=answer.text,
                                                     attribution=quote_sources.derived_attribution(answer.invitation.groups)))
            except ValidationError:  # an answer that may not be quoted after all: try the next one
                continue

    report = Report.objects.filter(commons=commons, title=TITLE).first()
    if report is None:
        report = services.report_create(actor=organiser, commons=commons, title=TITLE, period_start=YEAR_START,
                                        period_end=YEAR_END, introduction=INTRODUCTION, quotes=quotes)
    else:
        report.quotes.add(*quotes)
    ctx["report"] = report
