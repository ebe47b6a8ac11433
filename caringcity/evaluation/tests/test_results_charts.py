"""The server-side charts: accessible SVG (role=img, a title and a description it is labelled by),
the value written as words beside each bar, "Too few answers" instead of a bar, escaping, and the
same drawing for the same data."""

import re
import xml.etree.ElementTree as ET

from caringcity.evaluation.drawing import charts

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg):
    return ET.fromstring(str(svg))


def test_bar_chart_is_labelled_by_its_title_and_description():
    svg = charts.bar_chart([("Well-being", 3.4, 1, 5), ("Belonging", None, 1, 5)], title="Profile", description="Two bars.")
    root = _parse(svg)
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title").get("id") == title_id and root.find(f"{SVG}title").text == "Profile"
    assert root.find(f"{SVG}desc").get("id") == desc_id and root.find(f"{SVG}desc").text == "Two bars."
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "3.4 of 1 to 5" in texts and "Too few answers" in texts


def test_bar_length_is_the_value_between_low_and_high():
    root = _parse(charts.bar_chart([("Half", 3, 1, 5), ("Full", 10, 0, 10), ("Empty", 0, 0, 10)], title="t", description="d"))
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("fill") == charts.BAR]
    assert [float(b.get("width")) for b in bars] == [charts.TRACK_W / 2, charts.TRACK_W]  # the empty one draws no bar


def test_labels_are_escaped_and_long_ones_shortened():
    svg = str(charts.bar_chart([("<script>alert(1)</script> and a very long label indeed", 1, 0, 2)],
                               title="A & B", description="<b>"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "A &amp; B" in svg
    _parse(svg)  # still well-formed


def test_before_after_chart_says_before_and_after_in_words_with_a_legend():
    root = _parse(charts.before_after_chart([("Well-being", 20.5, 23.1, 7, 35)], title="Change", description="d",
                                            before_label="Spring", after_label="Autumn"))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Before: Spring" in texts and "After: Autumn" in texts
    assert "Before: 20.5 of 7 to 35" in texts and "After: 23.1 of 7 to 35" in texts
    assert root.find(f"{SVG}defs") is not None  # the hatching: pattern, not colour alone


def test_same_data_same_drawing_and_ids_differ_between_charts():
    one = charts.bar_chart([("A", 1, 0, 2)], title="t", description="d")
    assert one == charts.bar_chart([("A", 1, 0, 2)], title="t", description="d")
    other = charts.bar_chart([("B", 1, 0, 2)], title="t", description="d")
    ids = lambda svg: set(re.findall(r'id="([^"]+)"', str(svg)))  # noqa: E731
    assert not ids(one) & ids(other)


def test_numbers_are_written_plainly():
    assert [charts.number(v) for v in (3, 3.0, 3.14159, 26.96, None)] == ["3", "3", "3.1", "27", ""]
