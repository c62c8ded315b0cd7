"""Every write endpoint against every role: who may, and that nobody else can."""

import pytest
from django.core.management import call_command

from api.models import ApiToken
from api.permissions import EDITORS
from claims.models import Claim, Quote, Speaker
from claims.services import speaker_merge
from tests.factories import ArticleFactory, QuoteFactory, SpeakerFactory, UserFactory, member

pytestmark = pytest.mark.django_db

WRITERS = {
    "ingest": {"editor", "admin"},
    "quote_edit": {"editor", "admin"},
    "quote_create": {"editor", "admin"},
    "quote_verify": {"editor", "admin"},
    "quote_reject": {"editor", "admin"},
    "alias_add": {"editor", "admin"},
    "speaker_merge": {"editor", "admin"},
    "speaker_unmerge": {"editor", "admin"},
    "speaker_identity": {"editor", "admin"},
    "claim_create": {"fact_checker", "admin"},
    "claim_quotes": {"fact_checker", "admin"},
    "claim_detach": {"fact_checker", "admin"},
    "claim_verdict": {"fact_checker", "admin"},
    "claim_statement": {"fact_checker", "admin"},
}


def attempt(client, action: str, extra: dict | None = None):
    """One write of ``action`` on fresh rows, its body with ``extra`` fields added; returns
    the response."""
    article = ArticleFactory()
    quote = QuoteFactory(article=article)
    speaker = SpeakerFactory()
    merged = SpeakerFactory()
    speaker_merge(source=merged, target=speaker, by=UserFactory())
    claim = Claim.objects.create(speaker=speaker, statement="The plan works.")
    claim.quotes.add(QuoteFactory())
    requests = {
        "ingest": ("post", "/api/v1/articles/", {"text": f"Ingest {speaker.pk}. “Yes,” he said."}),
        "quote_edit": ("patch", f"/api/v1/quotes/{quote.pk}/", {"kind": "indirect"}),
        "quote_create": (
            "post",
            "/api/v1/quotes/",
            {
                "article": article.pk,
                "content_start": 13,
                "content_end": 20,
                "kind": "indirect",
                "speaker": speaker.slug,
            },
        ),
        "quote_verify": ("post", f"/api/v1/quotes/{quote.pk}/verify/", {}),
        "quote_reject": ("post", f"/api/v1/quotes/{quote.pk}/reject/", {}),
        "alias_add": ("post", f"/api/v1/speakers/{speaker.slug}/aliases/", {"name": "Dr Who"}),
        "speaker_merge": (
            "post",
            f"/api/v1/speakers/{speaker.slug}/merge/",
            {"source": SpeakerFactory().slug},
        ),
        "speaker_unmerge": (
            "post",
            f"/api/v1/speakers/{speaker.slug}/unmerge/",
            {"source": merged.slug},
        ),
        "speaker_identity": (
            "post",
            f"/api/v1/speakers/{speaker.slug}/identity/",
            {"gender": "female", "note": "her biography"},
        ),
        "claim_create": (
            "post",
            "/api/v1/claims/",
            {"statement": "Taxes fell.", "speaker": speaker.slug, "quotes": [quote.pk]},
        ),
        "claim_quotes": ("post", f"/api/v1/claims/{claim.pk}/quotes/", {"quotes": [quote.pk]}),
        "claim_detach": (
            "post",
            f"/api/v1/claims/{claim.pk}/quotes/remove/",
            {"quotes": list(claim.quotes.values_list("pk", flat=True))},
        ),
        "claim_verdict": (
            "post",
            f"/api/v1/claims/{claim.pk}/verdict/",
            {"verdict": "disputed", "note": "two sources disagree"},
        ),
        "claim_statement": (
            "post",
            f"/api/v1/claims/{claim.pk}/statement/",
            {"statement": "The plan cut waiting times by half.", "version": 1},
        ),
    }
    method, url, data = requests[action]
    return getattr(client, method)(url, {**data, **(extra or {})}, format="json")


@pytest.mark.parametrize("action", sorted(WRITERS))
@pytest.mark.parametrize("role", ["anonymous", "reader", "editor", "fact_checker", "admin"])
def test_each_write_is_allowed_to_its_role_only(clients, role, action):
    response = attempt(clients[role], action)
    if role in WRITERS[action]:
        assert response.status_code in (200, 201, 202), response.content
    else:
        expected = 401 if role == "anonymous" else 403
        assert response.status_code == expected, response.content


@pytest.mark.parametrize("role", ["anonymous", "reader", "editor", "fact_checker", "admin"])
def test_every_role_reads(clients, role):
    quote = QuoteFactory()
    for url in (
        "/api/v1/articles/",
        f"/api/v1/articles/{quote.article_id}/",
        f"/api/v1/articles/{quote.article_id}/quotes/",
        "/api/v1/speakers/",
        f"/api/v1/speakers/{quote.speaker.slug}/",
        f"/api/v1/speakers/{quote.speaker.slug}/quotes/",
        "/api/v1/quotes/",
        f"/api/v1/quotes/{quote.pk}/",
        "/api/v1/claims/",
        "/api/v1/claim-events/",
        "/api/v1/quotes/export.jsonl",
        "/api/v1/quotes/export.csv",
    ):
        assert clients[role].get(url).status_code == 200, url


def test_anonymous_reads_can_be_switched_off(anonymous, reader, settings):
    settings.API_ANONYMOUS_READS = False
    assert anonymous.get("/api/v1/quotes/").status_code == 401
    assert reader.get("/api/v1/quotes/").status_code == 200


def test_a_revoked_or_wrong_token_is_refused(reader):
    assert reader.get("/api/v1/quotes/").status_code == 200
    token = ApiToken.objects.get(user=reader.user)
    call_command("api_token", "revoke", token.prefix)
    response = reader.get("/api/v1/quotes/")
    assert response.status_code == 401 and "revoked" in response.json()["detail"]
    reader.credentials(HTTP_AUTHORIZATION="Token not-a-real-key")
    assert reader.get("/api/v1/quotes/").status_code == 401


def test_tokens_are_stored_hashed_and_made_by_command(capsys, db):
    from tests.factories import UserFactory

    user = UserFactory(username="wire-service")
    call_command("api_token", "create", "wire-service", "nightly export")
    key = capsys.readouterr().out.strip()
    token = ApiToken.objects.get(user=user)
    assert key not in (token.key_hash, token.prefix) and len(token.key_hash) == 64
    assert key.startswith(token.prefix)
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/quotes/").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_session_write_needs_the_csrf_token(db):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(member(EDITORS))
    quote = QuoteFactory()
    response = client.post(f"/api/v1/quotes/{quote.pk}/verify/", {}, format="json")
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]
    assert not Quote.objects.get(pk=quote.pk).verified


def test_a_merged_speaker_cannot_be_changed(editor):
    kept, gone = SpeakerFactory(), SpeakerFactory()
    assert (
        editor.post(
            f"/api/v1/speakers/{kept.slug}/merge/", {"source": gone.slug}, format="json"
        ).status_code
        == 200
    )
    response = editor.post(f"/api/v1/speakers/{gone.slug}/aliases/", {"name": "X Y"}, format="json")
    message = f"{gone.name} was merged into {kept.name} ({kept.slug}): use that one."
    assert response.status_code == 400 and response.json()["detail"] == [message]
    assert Speaker.objects.get(pk=gone.pk).merged_into == kept


def test_a_statement_given_to_a_merged_speaker_is_refused_with_the_same_message(editor):
    kept, gone = SpeakerFactory(), SpeakerFactory()
    editor.post(f"/api/v1/speakers/{kept.slug}/merge/", {"source": gone.slug}, format="json")
    quote = QuoteFactory()
    response = editor.patch(f"/api/v1/quotes/{quote.pk}/", {"speaker": gone.slug}, format="json")
    message = f"{gone.name} was merged into {kept.name} ({kept.slug}): use that one."
    assert response.status_code == 400 and response.json() == {"speaker": [message]}
    assert Quote.objects.get(pk=quote.pk).speaker == quote.speaker


def test_no_token_prefix_reads_as_a_command_line_option(db, monkeypatch):
    import secrets

    from api.services import api_token_create
    from tests.factories import UserFactory

    keys = iter(["-starts-with-a-dash" + "x" * 24, "plain-key" + "y" * 34])
    monkeypatch.setattr(secrets, "token_urlsafe", lambda n: next(keys))
    token, key = api_token_create(user=UserFactory(), name="cli")
    assert not key.startswith("-") and token.prefix == "plain-ke"
    call_command("api_token", "revoke", token.prefix)
