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


def signed_in(client, role=None):
    """A new user, in ``role`` (a group name) when given, signed in on ``client``."""
    user = UserFactory()
    if role:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    client.force_login(user)
    return user
