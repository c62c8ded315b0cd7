"""The API's JSON renderer (orjson) writes what DRF's renderer writes."""

import datetime as dt
import decimal
import json
import uuid

import pytest
from django.utils.functional import lazy
from django.utils.safestring import mark_safe
from rest_framework import renderers

from api.renderers import JSONRenderer

lazy_text = lazy(lambda: "lazy é", str)
VALUES = {
    "text": "Mr Putin said: “These drills are purely defensive” — é, 中文, emoji 🎉",
    "separators": "line\u2028paragraph\u2029end",
    "escapes": 'quote " backslash \\ tab \t newline \n nul \x00 </script>',
    "numbers": [0, -1, 2**63 - 1, 0.1, 0.9, 12345.678, 1e22, True, False, None],
    "dates": [
        dt.date(2016, 2, 29),
        dt.datetime(2026, 11, 22, 6, 7, 21, 123456, tzinfo=dt.UTC),
        dt.datetime(2026, 11, 22, 6, 7, 21, tzinfo=dt.timezone(dt.timedelta(hours=2))),
        dt.datetime(2026, 11, 22, 6, 7, 21),
        dt.time(6, 7, 21, 5000),
        dt.timedelta(hours=1, seconds=3),
    ],
    "others": [decimal.Decimal("0.10"), uuid.UUID(int=7), lazy_text(), mark_safe("<b>")],
    "nested": {"a": {"b": [{"c": ()}]}, "set": {1}, "empty": {}},
    7: "an integer key",
}


@pytest.mark.parametrize("data", [VALUES, [VALUES, VALUES], "plain", 3, None, {}])
def test_same_bytes_as_drf(data, monkeypatch):
    expected = renderers.JSONRenderer().render(data, "application/json")
    # written by orjson, not handed back to DRF's renderer
    monkeypatch.setattr(renderers.JSONRenderer, "render", None)
    assert JSONRenderer().render(data, "application/json") == expected


def test_tiny_floats_are_written_another_way_with_the_same_value():
    data = {"confidence": [1e-7, 2.5e-05]}
    ours = JSONRenderer().render(data, "application/json")
    assert ours.startswith(b'{"confidence":[1e-7,')  # Python writes 1e-07
    assert json.loads(ours) == json.loads(renderers.JSONRenderer().render(data))


def test_indented_output_and_huge_integers_are_left_to_drf():
    drf = renderers.JSONRenderer()
    ours = JSONRenderer()
    media = "application/json; indent=2"
    assert ours.render(VALUES, media) == drf.render(VALUES, media)
    assert b"\n  " in ours.render(VALUES, media)
    assert ours.render({"n": 2**70}, "application/json") == b'{"n":1180591620717411303424}'


def test_the_api_answers_with_it(anonymous, db):
    response = anonymous.get("/api/v1/quotes/")
    assert isinstance(response.accepted_renderer, JSONRenderer)
    assert response["Content-Type"] == "application/json"
