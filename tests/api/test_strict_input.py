"""The API reads its input strictly (issue 18, item 12): a body field it does not know, a
filter value it cannot read, a query parameter it does not take or one given twice are 400s
naming them, never ignored; a method an endpoint does not offer is a 405 whoever asks."""

import pytest

from articles.models import Article
from claims.models import Claim, ClaimEvent, Quote, QuoteEvent, SpeakerAlias, SpeakerEvent
from tests.api.test_roles import WRITERS, attempt
from tests.conftest import REPO
from tests.factories import QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("action", sorted(WRITERS))
def test_every_write_refuses_an_unknown_field_names_it_and_changes_nothing(admin, action):
    response = attempt(admin, action, extra={"colour": "red", "speker": "someone"})
    assert response.status_code == 400, response.content
    errors = response.json()
    assert errors["colour"] == ["Unknown field."] and errors["speker"] == ["Unknown field."]
    for history in (QuoteEvent, ClaimEvent):
        assert not history.objects.exists(), history
    # the one merge ``attempt`` makes ready for an unmerge, and nothing else
    assert list(SpeakerEvent.objects.values_list("action", flat=True)) == ["merged"]
    assert not Article.objects.filter(body__startswith="Ingest").exists()
    assert not Claim.objects.filter(statement="Taxes fell.").exists()
    assert not SpeakerAlias.objects.filter(name="Dr Who").exists()


def test_an_unknown_field_changes_nothing_and_is_named_beside_other_errors(editor):
    quote = QuoteFactory()
    events = QuoteEvent.objects.count()
    misspelt = editor.patch(
        f"/api/v1/quotes/{quote.pk}/", {"kind": "direct", "knd": "x"}, format="json"
    )
    assert misspelt.status_code == 400 and misspelt.json() == {"knd": ["Unknown field."]}
    assert Quote.objects.get(pk=quote.pk).kind == quote.kind
    assert QuoteEvent.objects.count() == events
    both = editor.post("/api/v1/quotes/", {"article": "abc", "colour": "red"}, format="json")
    assert both.status_code == 400
    assert both.json()["colour"] == ["Unknown field."] and "article" in both.json()
    read_only = editor.post(f"/api/v1/quotes/{quote.pk}/verify/", {"id": 5}, format="json")
    assert read_only.status_code == 400 and read_only.json() == {"id": ["Unknown field."]}


def test_an_upload_with_an_unknown_field_is_refused(editor):
    with (REPO / "tests" / "fixtures" / "page.html").open("rb") as page:
        response = editor.post(
            "/api/v1/articles/", {"file": page, "titel": "x"}, format="multipart"
        )
    assert response.status_code == 400 and response.json() == {"titel": ["Unknown field."]}
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("/api/v1/quotes/?verified=maybe", "verified"),
        ("/api/v1/quotes/?rejected=2", "rejected"),
        ("/api/v1/quotes/?verified=yes%20please", "verified"),
        ("/api/v1/quotes/?article=1.0", "article"),
        ("/api/v1/quotes/?article=-3", "article"),
        ("/api/v1/quotes/?article=%D9%A1%D9%A2", "article"),  # Arabic-Indic 12
        ("/api/v1/quotes/?article=99999999999999999999", "article"),
        ("/api/v1/quotes/?published_before=2022-02-30", "published_before"),
        ("/api/v1/quotes/?confidence_below=NaN", "confidence_below"),
        ("/api/v1/quotes/?page_size=abc", "page_size"),
        ("/api/v1/quotes/?page_size=0", "page_size"),
        ("/api/v1/quotes/?page_size=201", "page_size"),
        ("/api/v1/quotes/?page_size=1&page_size=2", "page_size"),
        ("/api/v1/articles/?page_size=-1", "page_size"),
        ("/api/v1/quotes/?kind=direct&kind=indirect", "kind"),
        ("/api/v1/quotes/?speaker=a&speaker=b", "speaker"),
        ("/api/v1/articles/?status=done&status=failed", "status"),
        ("/api/v1/claim-events/?claim=abc", "claim"),
        ("/api/v1/claim-events/?action=deleted", "action"),
        ("/api/v1/quotes/export.csv?verified=maybe", "verified"),
        ("/api/v1/quotes/export.jsonl?rejected=2", "rejected"),
    ],
)
def test_a_filter_value_that_cannot_be_read_is_a_400_naming_it(anonymous, query, parameter):
    QuoteFactory()
    response = anonymous.get(query)
    assert response.status_code == 400, response.content
    assert parameter in response.json()


def test_boolean_filters_read_true_false_one_zero_and_empty(anonymous):
    checked = QuoteFactory(verified=True)
    unchecked = QuoteFactory()
    wrong = QuoteFactory(rejected=True)

    def ids(query: str) -> set[int]:
        response = anonymous.get(f"/api/v1/quotes/?{query}")
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    for true in ("true", "True", "1"):
        assert ids(f"verified={true}") == {checked.pk}
    for false in ("false", "FALSE", "0"):
        assert ids(f"verified={false}") == {unchecked.pk}
    assert ids("verified=") == {checked.pk, unchecked.pk}  # an empty form field: no filter
    assert ids("rejected=true") == {wrong.pk}
    assert ids("rejected=0") == ids("") == {checked.pk, unchecked.pk}


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/quotes/?speakr=putin",
        "/api/v1/articles/?speaker=putin",
        "/api/v1/speakers/?name=Putin",
        "/api/v1/claims/?page=2",
        "/api/v1/claim-events/?verdict=false",
        "/api/v1/quotes/export.csv?page_size=10",
        "/api/v1/quotes/export.jsonl?limit=10",
        "/api/v1/speakers/{slug}/quotes/?since=2022-01-01",
        "/api/v1/articles/{article}/quotes/?order=new",
    ],
)
def test_a_query_parameter_a_list_does_not_take_is_refused(anonymous, url):
    quote = QuoteFactory()
    url = url.format(slug=quote.speaker.slug, article=quote.article_id)
    unknown = url.rsplit("?", 1)[1].split("=")[0]
    response = anonymous.get(url)
    assert response.status_code == 400, response.content
    message = response.json()[unknown][0]
    assert message.startswith("Unknown parameter.") and "format" in message


def test_format_cursor_and_page_size_still_work(anonymous):
    quotes = QuoteFactory.create_batch(3)
    first = anonymous.get("/api/v1/quotes/?format=json&page_size=2&rejected=false")
    assert first.status_code == 200 and len(first.json()["results"]) == 2
    second = anonymous.get(first.json()["next"])
    assert second.status_code == 200
    seen = [row["id"] for row in first.json()["results"] + second.json()["results"]]
    assert sorted(seen) == sorted(q.pk for q in quotes)
    assert anonymous.get("/api/v1/quotes/?page_size=200").status_code == 200
    assert anonymous.get("/api/v1/quotes/?page_size=").status_code == 200
    assert anonymous.get("/api/v1/quotes/export.csv?outlet=&verified=1").status_code == 200
    browsable = anonymous.get("/api/v1/quotes/?format=api&kind=&verified=&q=")
    assert browsable.status_code == 200


OFFERED = [
    ("put", "/api/v1/quotes/{quote}/", "GET, PATCH, HEAD, OPTIONS"),
    ("delete", "/api/v1/quotes/{quote}/", "GET, PATCH, HEAD, OPTIONS"),
    ("delete", "/api/v1/quotes/", "GET, POST, HEAD, OPTIONS"),
    ("put", "/api/v1/articles/{article}/", "GET, HEAD, OPTIONS"),
    ("patch", "/api/v1/articles/{article}/", "GET, HEAD, OPTIONS"),
    ("delete", "/api/v1/speakers/{slug}/", "GET, HEAD, OPTIONS"),
    ("post", "/api/v1/speakers/", "GET, HEAD, OPTIONS"),
    ("delete", "/api/v1/claims/{claim}/", "GET, HEAD, OPTIONS"),
    ("put", "/api/v1/claims/{claim}/verdict/", "POST, OPTIONS"),
    ("get", "/api/v1/quotes/{quote}/verify/", "POST, OPTIONS"),
    ("post", "/api/v1/claim-events/", "GET, HEAD, OPTIONS"),
    ("post", "/api/v1/quotes/export.csv", "GET, HEAD, OPTIONS"),
    ("delete", "/api/schema/", "GET, HEAD, OPTIONS"),
]


@pytest.mark.parametrize("private", [False, True])
@pytest.mark.parametrize(("method", "url", "allow"), OFFERED)
def test_a_method_an_endpoint_does_not_offer_is_a_405_for_every_role(
    clients, settings, method, url, allow, private
):
    settings.API_ANONYMOUS_READS = not private
    quote = QuoteFactory()
    claim = Claim.objects.create(speaker=quote.speaker, statement="x")
    url = url.format(
        quote=quote.pk, article=quote.article_id, slug=SpeakerFactory().slug, claim=claim.pk
    )
    for role, client in clients.items():
        response = getattr(client, method)(url, {}, format="json")
        assert response.status_code == 405, (role, response.content)
        assert response["Allow"] == allow
        body = response.content.decode()  # JSON; the schema's in its own format (YAML)
        assert method.upper() in body and "not allowed" in body
