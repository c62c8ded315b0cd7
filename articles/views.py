import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from api.permissions import EDITORS, role_required
from api.validation import ID_PATTERN
from claims.models import Quote
from claims.selectors import REVIEW_CONFIDENCE, quote_list, quotes_with_claims

from .forms import IngestForm
from .highlight import body_segments, speaker_palette
from .models import Article
from .selectors import (
    article_get,
    article_list,
    article_statement_position,
    article_statements,
    article_text,
)
from .services import article_requeue, articles_ingest, upload_source

PAGE_SIZE = 25


# The orders of the articles list: (value, label, ordering).
ARTICLE_SORTS = [
    ("ingested", "Newest ingested first", ("-created_at", "-id")),
    ("published", "Newest published first", (F("published_on").desc(nulls_last=True), "-id")),
    ("statements", "Most statements first", ("-quote_count", "-id")),
    ("outlet", "By outlet", ("outlet", "-created_at", "-id")),
]


def article_index(request):
    """Articles with outlet, date and number of statements, their total, in the order the
    reader picks."""
    sort = request.GET.get("sort", "")
    orders = {value: ordering for value, _, ordering in ARTICLE_SORTS}
    sort = sort if sort in orders else ARTICLE_SORTS[0][0]
    articles = article_list().order_by(*orders[sort])
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    sorts = [(value, label) for value, label, _ in ARTICLE_SORTS]
    context = {"page": page, "sort": sort, "sorts": sorts, "noun": "article"}
    return render(request, "articles/index.html", context)


# An article's page shows this many statements, and the stretch of its text that holds them.
STATEMENTS_PER_PAGE = 200


def article_detail(request, pk: int):
    return article_page(request, pk)


def article_page(
    request,
    pk: int,
    *,
    conflict: dict | None = None,
    edit: dict | None = None,
    status: int = 200,
):
    """An article, one part at a time: STATEMENTS_PER_PAGE statements in text order (with an
    editor's controls for those only) beside the stretch of the text from the first of them
    to the first of the next part, highlighted. So the queries and the rendering are bounded
    whatever the number of statements, and reading part after part shows the whole text
    with every statement highlighted once. ``?quote=<id>`` opens the part holding it.

    ``conflict`` (``quote_id``, ``message``, ``note``, ``attempt``): an editor's correction of
    that statement was refused as stale; the page opens at its part, and its form shows the
    current values with the editor's note kept. ``edit`` (``quote_id``, ``form``,
    ``suggestions``): a correction (or, with no ``quote_id``, an addition) was refused; its
    form shows again as the editor filled it in, open, with a message at each field.
    ``?rejected=<id>``: the statement an editor just rejected, offered to undo.

    A message about one statement (tagged ``at-quote-<id>``) is shown on its card, where
    the editor is looking, not at the top of the page."""
    try:
        article = article_get(pk=pk)
    except Article.DoesNotExist as exc:
        raise Http404("No such article.") from exc
    statements = article_statements(article_id=article.pk)
    number = request.GET.get("page")
    focus = conflict or (edit if edit and edit["quote_id"] else None)
    quote_id = str(focus["quote_id"]) if focus else request.GET.get("quote", "")
    if re.fullmatch(ID_PATTERN, quote_id):
        before = article_statement_position(article_id=article.pk, quote_id=int(quote_id))
        if before is not None:
            number = before // STATEMENTS_PER_PAGE + 1
    page = Paginator(quotes_with_claims(statements), STATEMENTS_PER_PAGE).get_page(number)
    quotes = list(page.object_list)
    # page 1 starts at the top; each later part where its first statement does
    start = quotes[0].content_start if page.number > 1 else 0
    end = article.body_length
    if page.has_next():
        end = statements.values_list("content_start", flat=True)[page.end_index()]
    text = article_text(pk=article.pk, start=start, end=end)
    page_messages = _messages_at_statements(request, quotes)
    for quote in quotes:  # the refused correction, as the editor filled it in
        quote.form = edit["form"] if edit and edit["quote_id"] == quote.pk else None
    context = {
        "messages": page_messages,
        "edit": edit,
        "adding": edit["form"] if edit and not edit["quote_id"] else None,
        "article": article,
        "page": page,
        "quotes": quotes,
        "segments": body_segments(text, quotes, offset=start),
        "voices": list(speaker_palette(quotes).values()),
        "text_start": start,
        "text_end": end,
        "waiting": article.status in ("fetching", "cleaning", "queued", "extracting"),
        "waiting_seconds": int((timezone.now() - article.updated_at).total_seconds()),
        "quote_kinds": Quote.Kind.choices,
        "speaker_names": sorted({q.speaker.name for q in quotes if q.speaker}),
        "review_confidence": REVIEW_CONFIDENCE,
        "conflict": conflict,
        "rejected": _just_rejected(request, article),
    }
    return render(request, "articles/detail.html", context, status=status)


def _messages_at_statements(request, quotes: list[Quote]) -> list:
    """The request's messages, those about a statement on this page given to it
    (``quote.notices``); the rest, for the top of the page."""
    by_quote = {f"at-quote-{quote.pk}": quote for quote in quotes}
    rest = []
    for quote in quotes:
        quote.notices = []
    for message in messages.get_messages(request):
        quote = by_quote.get(message.extra_tags.split()[0] if message.extra_tags else "")
        (quote.notices if quote is not None else rest).append(message)
    return rest


def _just_rejected(request, article: Article) -> Quote | None:
    """The rejected statement of ``article`` that ``?rejected=`` names, for an undo."""
    rejected = request.GET.get("rejected", "")
    if not re.fullmatch(ID_PATTERN, rejected):
        return None
    return quote_list(article_id=article.pk, rejected=True).filter(pk=int(rejected)).first()


@role_required(EDITORS)
@require_http_methods(["GET", "POST"])
def ingest(request):
    """Editors paste an article or upload files. One new article opens its page, which shows
    its progress; otherwise the page reports each source: new, already ingested (with a link)
    or failed and why. The good ones are kept either way."""
    form = IngestForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        status = 400 if form.errors else 200
        return render(request, "articles/ingest.html", {"form": form}, status=status)
    data = form.cleaned_data
    title = data["title"]
    sources = (
        [("Pasted text", {"text": data["text"], "title": title})] if data["text"].strip() else []
    )
    for upload in data["files"]:
        sources.append(
            (upload.name, upload_source(name=upload.name, data=upload.read(), title=title))
        )
    common = {"outlet": data["outlet"], "published_on": data["published_on"]}
    if len(sources) <= 1:  # a url names one article
        common["url"] = data["url"] or None
        sources = sources or [(data["url"], {"title": title})]
    outcomes = articles_ingest(sources=sources, **common)
    if len(outcomes) == 1 and outcomes[0].outcome == "new":
        return redirect("article-detail", pk=outcomes[0].article.pk)
    kept = any(outcome.article for outcome in outcomes)
    context = {"form": IngestForm() if kept else form, "outcomes": outcomes}
    return render(request, "articles/ingest.html", context, status=200 if kept else 400)


@role_required(EDITORS)
@require_http_methods(["POST"])
def article_retry(request, pk: int):
    """Editors queue a failed article again: fetched, cleaned or extracted anew."""
    try:
        article_requeue(article=article_get(pk=pk))
    except Article.DoesNotExist as exc:
        raise Http404("No such article.") from exc
    except ValidationError as exc:
        messages.error(request, "Not queued: " + " ".join(exc.messages))
    else:
        messages.success(request, "Queued again.")
    return redirect("article-detail", pk=pk)
