import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from claims.models import Quote
from claims.permissions import EDITORS, role_required
from claims.selectors import REVIEW_CONFIDENCE, claim_queue, speakers_most_quoted

from .forms import IngestForm
from .highlight import body_segments
from .models import Article
from .selectors import article_get, article_list
from .services import article_ingest
from .text import UndecodableText, text_decode

PAGE_SIZE = 25


def article_index(request):
    page = Paginator(article_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "articles/index.html", {"page": page})


def article_detail(request, pk: int):
    return article_page(request, pk)


def article_page(request, pk: int, *, conflict: dict | None = None, status: int = 200):
    """The article page; ``conflict`` (``quote_id``, ``message``, ``note``, ``attempt``):
    an editor's correction of that statement was refused as stale, and its form shows the
    current values with the editor's note kept."""
    try:
        article = article_get(pk=pk)
    except Article.DoesNotExist as exc:
        raise Http404("No such article.") from exc
    quotes = [q for q in article.quotes.all() if not q.rejected]
    context = {
        "article": article,
        "quotes": quotes,
        "segments": body_segments(article.body, quotes),
        "waiting": article.status in ("fetching", "queued", "extracting"),
        "quote_kinds": Quote.Kind.choices,
        "speaker_names": sorted({q.speaker.name for q in quotes if q.speaker}),
        "review_confidence": REVIEW_CONFIDENCE,
        "conflict": conflict,
    }
    return render(request, "articles/detail.html", context, status=status)


HOME_ITEMS = 10
WEEK = dt.timedelta(days=7)


def home(request):
    """The dashboard: latest articles and their status, the claims waiting for review, the
    most quoted speakers of the week."""
    context = {
        "articles": article_list()[:HOME_ITEMS],
        "queue": claim_queue()[:HOME_ITEMS],
        "speakers": speakers_most_quoted(since=timezone.now() - WEEK)[:HOME_ITEMS],
    }
    return render(request, "home.html", context)


@role_required(EDITORS)
@require_http_methods(["GET", "POST"])
def ingest(request):
    """Editors paste an article or upload files; each becomes an article whose page shows
    its extraction status live."""
    form = IngestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        known = {k: data[k] for k in ("title", "outlet", "published_on")}
        sources = [{"text": data["text"]}] if data["text"].strip() else []
        for upload in data["files"]:
            try:
                content = text_decode(upload.read())
            except UndecodableText as exc:
                form.add_error("files", f"{upload.name}: {exc}")
                continue
            html = upload.name.lower().endswith((".html", ".htm"))
            sources.append({"html" if html else "text": content, "title": data["title"]})
        if not sources and data["url"]:
            sources = [{}]
        articles = []
        for source in sources:
            try:
                article, _ = article_ingest(**{**known, "url": data["url"] or None, **source})
                articles.append(article)
            except ValidationError as exc:
                form.add_error(None, "; ".join(exc.messages))
        if articles and not form.errors:
            if len(articles) == 1:
                return redirect("article-detail", pk=articles[0].pk)
            messages.success(request, f"{len(articles)} articles ingested.")
            return redirect("article-index")
    return render(
        request, "articles/ingest.html", {"form": form}, status=400 if form.errors else 200
    )
