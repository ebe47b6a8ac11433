"""Participation payments, vouchers and expenses in the shape of the 360Giving Data Standard, for the
funder (https://standard.threesixtygiving.org/). See docs/lab-events.md.

Each payment is one grant to an individual (the standard's "Recipient Individual", added in 2023):
- Identifier: ``<prefix>-<payment uuid>``, where the prefix is ``settings.LAB_360GIVING_PREFIX``
  (default ``360G-caringcity``) followed by the commons' slug. A network that has its own
  360Giving publisher prefix sets it there.
- The recipient is never named: ``Recipient Ind:Identifier`` is ``<prefix>-IND-<uuid>`` (the
  registration's random uuid, so one person paid twice has one identifier; a payment to someone
  without a registration uses the payment's uuid) and ``Recipient Ind:Name`` is always
  "Individual recipient", as 360Giving asks of grants to individuals.
- The title and description are generic (kind of payment and the event), never the person.
- Funding Org is the funder recorded on the payment (identified with the prefix and its uuid, as
  the lab holds no charity or company numbers), else the commons itself.
"""

from django.conf import settings

CURRENCY = "GBP"
INDIVIDUAL_NAME = "Individual recipient"

# The spreadsheet (CSV) column titles, in the standard's own words.
CSV_COLUMNS = [
    "Identifier", "Title", "Description", "Currency", "Amount Awarded", "Award Date",
    "Recipient Ind:Identifier", "Recipient Ind:Name", "Funding Org:Identifier", "Funding Org:Name",
    "Grant Programme:Code", "Last Modified",
]

TITLES = {"payment": "Payment to a participant for their time", "voucher": "Voucher to a participant",
          "expenses": "Expenses paid to a participant"}


def prefix(commons):
    base = getattr(settings, "LAB_360GIVING_PREFIX", "360G-caringcity")
    return f"{base}-{commons.slug}"


def _amount(pence):
    pounds = pence / 100
    return int(pounds) if pence % 100 == 0 else round(pounds, 2)


def grant(payment, commons):
    """One payment as a 360Giving grant (the JSON shape)."""
    pre = prefix(commons)
    event = payment.event
    recipient = payment.registration.uuid if payment.registration_id else payment.uuid
    if payment.funder_id:
        funder = {"id": f"{pre}-ORG-{payment.funder.uuid}", "name": payment.funder.name}
    else:
        funder = {"id": pre, "name": commons.name}
    data = {
        "id": f"{pre}-{payment.uuid}",
        "title": TITLES.get(payment.kind, "Participation payment"),
        "description": f"{TITLES.get(payment.kind, 'Participation payment')} for taking part in "
                       f"“{event.title}” on {event.starts_at.date().isoformat()}.",
        "currency": CURRENCY,
        "amountAwarded": _amount(payment.amount_pence),
        "awardDate": payment.paid_on.isoformat(),
        "recipientIndividual": {"id": f"{pre}-IND-{recipient}", "name": INDIVIDUAL_NAME},
        "fundingOrganization": [funder],
        "dateModified": payment.updated.replace(microsecond=0).isoformat(),
    }
    if payment.grant_reference:
        data["grantProgramme"] = [{"code": payment.grant_reference}]
    return data


def package(payments, commons):
    """The JSON package: ``{"grants": [...]}``."""
    return {"grants": [grant(payment, commons) for payment in payments]}


def rows(payments, commons):
    """The CSV rows (after the header ``CSV_COLUMNS``)."""
    for payment in payments:
        g = grant(payment, commons)
        yield [g["id"], g["title"], g["description"], g["currency"], g["amountAwarded"], g["awardDate"],
               g["recipientIndividual"]["id"], g["recipientIndividual"]["name"],
               g["fundingOrganization"][0]["id"], g["fundingOrganization"][0]["name"],
               g.get("grantProgramme", [{}])[0].get("code", ""), g["dateModified"]]
