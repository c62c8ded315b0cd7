import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from articles.models import Article
from articles.text import text_hash
from claims.models import Quote, Speaker


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pass-word-123")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Article {n}")
    body = factory.Sequence(
        lambda n: f'The minister said the plan would work. "It is ready," she said. ({n})'
    )
    raw_text = factory.SelfAttribute("body")
    content_hash = factory.LazyAttribute(lambda a: text_hash(a.body))
    status = Article.Status.DONE
    language = "en"


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    name = factory.Sequence(lambda n: f"Speaker Number{n}")
    slug = factory.Sequence(lambda n: f"speaker-number{n}")


class QuoteFactory(factory.django.DjangoModelFactory):
    """A quote over the first ``length`` characters of its article."""

    class Meta:
        model = Quote

    class Params:
        length = 12

    article = factory.SubFactory(ArticleFactory)
    speaker = factory.SubFactory(SpeakerFactory)
    content_start = 0
    content_end = factory.LazyAttribute(lambda q: q.content_start + q.length)
    text = factory.LazyAttribute(lambda q: q.article.body[q.content_start : q.content_end])
    kind = Quote.Kind.INDIRECT


def member(role: str | None = None, **fields):
    """The one way the tests make a user of a role: a new user, in the group ``role`` (a
    group name) when given; ``fields`` set on the user (``is_superuser=True``...)."""
    user = UserFactory(**fields)
    if role:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


def signed_in(client, role=None):
    """A new user, in ``role`` when given, signed in on ``client``."""
    user = member(role)
    client.force_login(user)
    return user


def long_article(statements: int, speakers: int = 30) -> Article:
    """An article of ``statements`` direct quotes (one a sentence, by ``speakers`` speakers
    in turn), stored with one bulk insert: the shape of a transcript with thousands."""
    sentences = [f'"Statement {n} stands," said speaker {n % speakers}.' for n in range(statements)]
    body = " ".join(sentences)
    article = ArticleFactory(body=body, title="A long transcript")
    people = SpeakerFactory.create_batch(speakers)
    quotes, position = [], 0
    for n, sentence in enumerate(sentences):
        start = position + 1
        end = start + len(f"Statement {n} stands,")
        quotes.append(
            Quote(
                article=article,
                speaker=people[n % speakers],
                text=body[start:end],
                kind=Quote.Kind.DIRECT,
                content_start=start,
                content_end=end,
                cue="said",
            )
        )
        position += len(sentence) + 1
    Quote.objects.bulk_create(quotes)
    return article
