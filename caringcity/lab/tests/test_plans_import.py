"""Importing a plan from a CSV or spreadsheet: every bad row is named (row as the spreadsheet shows
it, the column, what to fix) and nothing is written; a good file adds and updates demands and
policies; .xlsx works; every nasty file gives a clear message, never a 500."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from caringcity.core.models import AuditEvent
from caringcity.lab.models import Demand, DivergentView, Plan, PlanImport, Policy
from caringcity.lab.services import plans as services
from caringcity.people.models import Organisation

pytestmark = pytest.mark.django_db

HEAD = "demand_number,demand_title,demand_summary,policy_number,policy_title,policy_summary,full_text,shaped_by,divergent_view,divergent_view_held_by\n"
GOOD = HEAD + (
    "1,A caring city,Care comes first.,1,Care hubs,A place in every neighbourhood where care starts.,,Clapton Care Commons,,\n"
    '1,,,2,Partnerships,"Universities, councils and health centres work with us.",Full words,Clapton Care Commons; Homerton Food Hub,'
    "We want the council to lead this.,Some tenants\n"
    "2,Visibility and influence,,3,Co-production,Local people decide together with the council.,,,,\n"
)
BAD = GOOD.replace("Local people decide together with the council.", "")


@pytest.fixture
def plan(commons):
    Organisation.objects.create(commons=commons, name="Clapton Care Commons", kind="grassroots")
    Organisation.objects.create(commons=commons, name="Homerton Food Hub", kind="food_hub")
    return Plan.objects.create(commons=commons, title="Recovery plan", slug="recovery", public=True)


@pytest.fixture
def organiser(personas):
    return personas.user("organiser")


def _import(organiser, plan, data, name="plan.csv"):
    return services.plan_import(actor=organiser, plan=plan, filename=name, data=data if isinstance(data, bytes) else data.encode())


def _messages(record):
    return [(e["row"], e["field"]) for e in record.errors]


def test_a_bad_row_is_named_and_nothing_is_written_then_the_good_file_imports(plan, organiser):
    record = _import(organiser, plan, BAD)
    assert record.applied_at is None
    assert _messages(record) == [(4, "policy_summary")]
    assert "plain-words summary is missing" in record.errors[0]["message"]
    assert not Policy.objects.filter(plan=plan).exists() and not Demand.objects.filter(plan=plan).exists()

    record = _import(organiser, plan, GOOD)
    assert record.applied_at is not None and record.errors == []
    policies = {p.number: p for p in Policy.objects.filter(plan=plan).select_related("demand")}
    assert sorted(policies) == [1, 2, 3]
    assert policies[2].demand.title == "A caring city" and policies[3].demand.number == 2
    assert sorted(g.name for g in policies[2].shaped_by.all()) == ["Clapton Care Commons", "Homerton Food Hub"]
    assert DivergentView.objects.get(policy=policies[2]).held_by == "Some tenants"
    assert PlanImport.objects.filter(plan=plan).count() == 2
    assert AuditEvent.objects.filter(action="lab.plan_import.apply").exists()


def test_importing_again_updates_policies_and_does_not_repeat_views(plan, organiser):
    _import(organiser, plan, GOOD)
    _import(organiser, plan, GOOD.replace("Care hubs", "Community-led care hubs"))
    assert Policy.objects.filter(plan=plan).count() == 3
    assert Policy.objects.get(plan=plan, number=1).title == "Community-led care hubs"
    assert DivergentView.objects.filter(policy__plan=plan).count() == 1


def test_every_bad_row_is_reported_at_once(plan, organiser):
    text = HEAD + (
        "1,A caring city,,1,Care hubs,,,,,\n"  # row 2: no summary
        "x,,,2,Partnerships,Plain words,,Nobody Group; Clapton Care Commons,,\n"  # row 3: bad demand number, unknown group
        "\n"  # row 4: empty, skipped but counted
        "3,,,2,Again,Plain words,,,A view,\n"  # row 5: new demand without a title, duplicate number, view without holder
    )
    record = _import(organiser, plan, text)
    got = _messages(record)
    assert (2, "policy_summary") in got
    assert (3, "demand_number") in got and (3, "shaped_by") in got
    assert (5, "demand_title") in got and (5, "policy_number") in got and (5, "divergent_view_held_by") in got
    assert "Nobody Group" in next(e["message"] for e in record.errors if e["field"] == "shaped_by")
    assert "row 3" in next(e["message"] for e in record.errors if e["row"] == 5 and e["field"] == "policy_number")
    assert not Policy.objects.exists()


def test_a_byte_order_mark_and_spreadsheet_headings_are_fine(plan, organiser):
    text = "\ufeff" + GOOD.replace("policy_number", "Policy number", 1)
    assert _import(organiser, plan, text).applied_at is not None


def _xlsx(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_spreadsheet_imports_and_its_formulas_are_refused(plan, organiser):
    header = ["policy_number", "policy_title", "policy_summary"]
    record = _import(organiser, plan, _xlsx([header, [1, "Care hubs", "Care starts nearby."], [2.0, "Partners", "Work together."]]), "plan.xlsx")
    assert record.applied_at is not None
    assert sorted(Policy.objects.filter(plan=plan).values_list("number", flat=True)) == [1, 2]

    record = _import(organiser, plan, _xlsx([header, [3, "Sums", "=SUM(A1:A2)"]]), "plan.xlsx")
    assert _messages(record) == [(2, "policy_summary")] and "formula" in record.errors[0]["message"]
    assert Policy.objects.filter(plan=plan).count() == 2


NASTY = {
    "empty": (b"", "empty"),
    "binary": (bytes(range(256)) * 4, "UTF-8"),
    "nul bytes": (b"policy_number\x00,policy_title\n", "CSV"),
    "png": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "CSV file or a spreadsheet"),
    "old excel": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 50, ".xls"),
    "broken zip": (b"PK\x03\x04" + b"\x00" * 50, "spreadsheet could not be"),
    "not a spreadsheet zip": (None, "spreadsheet could not be"),
    "latin-1": ("policy_number,policy_title,policy_summary\n1,Café,Plain\n".encode("latin-1"), "UTF-8"),
    "wrong columns": (b"name,address\nA,B\n", "column is missing"),
    "unknown column": (HEAD.replace("full_text", "fulltext").encode(), "do not know this column"),
    "only headings": (HEAD.encode(), "no policies"),
    "duplicate numbers": (HEAD.encode() + b",,,1,A,B,,,,\n,,,1,C,D,,,,\n", "already in row 2"),
    "huge cell": (HEAD.encode() + b',,,1,A,"' + b"x" * 200_000 + b'",,,,\n', "too long"),
    "long cell": (HEAD.encode() + b",,,1,A," + b"x" * 20_001 + b",,,,\n", "too long"),
    "formula": (HEAD.encode() + b",,,1,A,=HYPERLINK(\"http://x\"),,,,\n", "formula"),
    "too big": (b"a" * (services.MAX_IMPORT_BYTES + 1), "too big"),
    "number words": (HEAD.encode() + b",,,one,A,B,,,,\n", "whole number"),
    "unclosed quote": (HEAD.encode() + b',,,1,"A,B,,,,\n', None),
}


def _zip_not_xlsx():
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hi")
    return out.getvalue()


@pytest.mark.parametrize("name", sorted(NASTY))
def test_every_nasty_file_gives_a_clear_message_and_writes_nothing(name, plan, organiser, clients):
    data, words = NASTY[name]
    if data is None:
        data = _zip_not_xlsx()
    record = _import(organiser, plan, data)
    assert record.applied_at is None and record.errors, name
    if words:
        assert any(words.lower() in e["message"].lower() for e in record.errors), record.errors
    assert not Policy.objects.filter(plan=plan).exists()
    # and through the page: a page that says what to fix, never a 500
    url = reverse("lab:plan_import", args=[plan.commons.slug, plan.slug])
    response = clients["organiser"].post(url, {"file": SimpleUploadedFile("plan.csv", data)}, follow=True)
    assert response.status_code in (200, 400)
    assert "Nothing was imported" in response.content.decode() or "too big" in response.content.decode()


def test_the_pages_show_the_errors_and_the_template_downloads(plan, clients):
    client = clients["organiser"]
    url = reverse("lab:plan_import", args=[plan.commons.slug, plan.slug])
    assert client.get(url).status_code == 200
    response = client.post(url, {"file": SimpleUploadedFile("plan-with-a-bad-row.csv", BAD.encode())}, follow=True)
    body = response.content.decode()
    assert "Nothing was imported" in body and "plan-with-a-bad-row.csv has 1 problem to fix" in body
    assert "<th scope=\"row\">4</th>" in body and "policy_summary" in body
    response = client.post(url, {"file": SimpleUploadedFile("plan.csv", GOOD.encode())}, follow=True)
    assert "The file is imported" in response.content.decode()
    template = client.get(reverse("lab:plan_import_template", args=[plan.commons.slug]))
    assert template["Content-Disposition"] == 'attachment; filename="plan-template.csv"'
    header = template.content.decode("utf-8-sig").splitlines()[0].split(",")
    assert header == list(services.COLUMNS)
    assert response.status_code == 200


def test_the_template_itself_imports(plan, organiser):
    Organisation.objects.create(commons=plan.commons, name="Clapton Care Commons x", kind="grassroots")
    record = _import(organiser, plan, services.template_csv())
    assert record.errors == [] and record.applied_at


def test_only_organisers_import_and_a_refused_import_writes_nothing(plan, clients, personas):
    url = reverse("lab:plan_import", args=[plan.commons.slug, plan.slug])
    for role in ("anonymous", "outsider", "member", "owner", "proxy"):
        response = clients[role].post(url, {"file": SimpleUploadedFile("plan.csv", GOOD.encode())})
        assert response.status_code in (302, 404), role
    assert not PlanImport.objects.exists() and not Policy.objects.exists()
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        _import(personas.user("member"), plan, GOOD)
    assert not PlanImport.objects.exists()
