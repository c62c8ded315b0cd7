"""The speakers' pages: lists, a speaker's statements, aliases, identity, merges, review."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from api.permissions import EDITORS, role_required, user_roles

from .. import services
from ..filters import search_check, speakers_named
from ..forms import (
    AliasForm,
    ReviewForm,
    SpeakerIdentityForm,
    SpeakerQuotesForm,
)
from ..merging import speaker_suggestions, speakers_merged_into, suggestion_rows
from ..models import Quote, Speaker, SpeakerAlias
from ..selectors import (
    REVIEW_CONFIDENCE,
    quote_list,
    quotes_to_review,
    quotes_with_claims,
    speaker_get,
    speaker_list,
)
from ..timeline import (
    AXIS,
    CHART_HEIGHT,
    CHART_WIDTH,
    KIND_COLOURS,
    KINDS,
    speaker_timeline,
    timeline_bars,
)
from .common import PAGE_SIZE, export_links, form_refused


def speaker_index(request):
    """Speakers with statements, most quoted first (one a correction left with none, or a
    public figure not quoted yet, is not listed; its page stays); ``q`` finds them by any of
    their names (a search too long is refused, saying why)."""
    q = request.GET.get("q", "").strip()
    try:
        search_check(q)
    except ValidationError as exc:
        context = {"page": None, "q": q, "error": exc.messages[0]}
        return render(request, "claims/speaker_index.html", context, status=400)
    speakers = speaker_list(quoted_only=True)
    if q:
        speakers = speakers.filter(pk__in=speakers_named(q).values("pk"))
    sort = request.GET.get("sort", "")
    sort = sort if sort in SPEAKER_SORTS else "quoted"
    speakers = speakers.order_by(*SPEAKER_SORTS[sort][1])
    page = Paginator(speakers, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "q": q,
        "sort": sort,
        "sorts": [(value, label) for value, (label, _) in SPEAKER_SORTS.items()],
        "keep": [("q", q)] if q else [],
        "noun": "speaker",
    }
    return render(request, "claims/speaker_index.html", context)


SPEAKER_SORTS = {
    "quoted": ("Most quoted first", ("-quote_count", "name", "id")),
    "name": ("By name", ("name", "id")),
    "recent": ("Most recently added first", ("-created_at", "-id")),
}


def speaker_detail(request, slug: str):
    """A speaker and their statements, newest first, filterable by kind, date and verdict;
    editors add aliases, merge another speaker in and undo merges."""
    try:
        speaker = speaker_get(slug=slug)
    except Speaker.DoesNotExist as exc:
        raise Http404("No such speaker.") from exc
    if speaker.merged_into_id:
        return redirect("speaker-detail", slug=speaker.merge_target().slug, permanent=True)
    return _speaker_page(request, speaker)


def _speaker_page(request, speaker: Speaker, *, refused: dict | None = None, status: int = 200):
    """The speaker's page; ``refused``: an editor's form (``alias`` or ``identity``) that was
    refused, shown again as it was filled in, open, with a message at each field."""
    refused = refused or {}
    filters = SpeakerQuotesForm(request.GET or None)
    quotes = quote_list(speaker=speaker).annotate(group_id=F("group_member__group_id"))
    given = {}
    if filters.is_valid():
        quotes = filters.apply(quotes)
        given = filters.given()
    page = Paginator(quotes_with_claims(quotes), PAGE_SIZE).get_page(request.GET.get("page"))
    identity = refused.get("identity") or SpeakerIdentityForm(
        initial={"wikidata_qid": speaker.wikidata_qid or "", "gender": speaker.gender}
    )
    timeline = speaker_timeline(Quote.objects.filter(speaker=speaker, rejected=False))
    context = {
        "speaker": speaker,
        "page": page,
        "timeline": timeline,
        "bars": timeline_bars(timeline, _period_link),
        "chart": {"width": CHART_WIDTH, "height": CHART_HEIGHT, "axis": AXIS},
        "kinds": [(label, KIND_COLOURS[kind]) for kind, label in KINDS],
        "filters": filters,
        "identity": identity,
        "alias_form": refused.get("alias") or AliasForm(),
        "alias_message": refused.get("alias_message"),
        "editing": bool(refused),
        # the list's rows, and (when filtered) the speaker's whole record
        "exports": export_links(speaker=speaker.pk, **given),
        "record": export_links(speaker=speaker.pk) if given else None,
    }
    if EDITORS in user_roles(request.user):
        context["merged"] = speakers_merged_into(speaker)
    return render(request, "claims/speaker_detail.html", context, status=status)


def _period_link(period) -> str:
    """The speaker's statements of one period of the timeline."""
    query = urlencode({"published_after": period.start, "published_before": period.end})
    return f"?{query}#statements"


@role_required(EDITORS)
@require_POST
def speaker_alias_add(request, slug: str):
    speaker = get_object_or_404(Speaker, slug=slug)
    form = AliasForm(request.POST)
    try:
        if form.is_valid():
            services.speaker_alias_create(
                speaker=speaker, name=form.cleaned_data["name"], by=request.user
            )
            messages.success(request, "Alias added.")
            return redirect("speaker-detail", slug=speaker.slug)
    except ValidationError as exc:
        form_refused(form, exc)
        message = alias_refused_message(exc)
        refused = {"alias": form, "alias_message": message}
        return _speaker_page(request, speaker_get(slug=slug), refused=refused, status=400)
    return _speaker_page(request, speaker_get(slug=slug), refused={"alias": form}, status=400)


def alias_refused_message(exc: ValidationError) -> str:
    """Why an alias was not added; a name another speaker has links to that speaker."""
    errors = exc.error_dict.get("name", []) if hasattr(exc, "error_dict") else []
    taken = next((e for e in errors if e.code == "alias_taken"), None)
    if taken is None:
        return "Not added: " + "; ".join(exc.messages)
    return format_html(
        'Not added: “{}” is already a name of <a href="{}">{}</a>; a name belongs to one'
        " speaker only.",
        taken.params["name"],
        reverse("speaker-detail", args=[taken.params["slug"]]),
        taken.params["holder"],
    )


@role_required(EDITORS)
@require_POST
def speaker_alias_remove(request, slug: str, alias_id: int):
    alias = get_object_or_404(SpeakerAlias, pk=alias_id, speaker__slug=slug)
    try:
        services.speaker_alias_remove(alias=alias, by=request.user)
        messages.success(request, f"“{alias.name}” removed.")
    except ValidationError as exc:
        messages.error(request, "Not removed: " + "; ".join(exc.messages))
    return redirect("speaker-detail", slug=slug)


@role_required(EDITORS)
@require_POST
def speaker_identity(request, slug: str):
    """An editor sets a speaker's Wikidata QID and gender."""
    speaker = get_object_or_404(Speaker, slug=slug)
    form = SpeakerIdentityForm(request.POST)
    try:
        if form.is_valid():
            data = form.cleaned_data
            changes = {"wikidata_qid": data["wikidata_qid"], "gender": data["gender"]}
            services.speaker_identity_set(
                speaker=speaker, by=request.user, changes=changes, note=data["note"]
            )
            messages.success(request, "Identity saved.")
            return redirect("speaker-detail", slug=speaker.slug)
    except ValidationError as exc:
        form_refused(form, exc)
    return _speaker_page(request, speaker_get(slug=slug), refused={"identity": form}, status=400)


@role_required(EDITORS)
def speaker_suggestions_list(request):
    """The speakers a name typed in a speaker field may mean (``q``), fuzzy, for the
    field's suggestions as the editor types (the correction forms, the merge): name, slug,
    kind, statements, QID; ``exclude``: a speaker's slug to leave out (the page's own). A
    search the site does not take (too long, a control character) suggests nobody."""
    q = request.GET.get("q", "").strip()
    try:
        search_check(q)
    except ValidationError:
        return JsonResponse({"results": []})
    exclude = Speaker.objects.filter(slug=request.GET.get("exclude", "")).first()
    return JsonResponse({"results": suggestion_rows(speaker_suggestions(q, exclude=exclude))})


def speaker_review(request):
    """Statements whose speaker the extractor was least sure of (confidence below
    ``confidence_below``, by default REVIEW_CONFIDENCE), for an editor to check."""
    form = ReviewForm(request.GET or None)
    below = form.cleaned_data["confidence_below"] if form.is_valid() else None
    threshold = below if below is not None else REVIEW_CONFIDENCE
    quotes = quotes_to_review(confidence_below=threshold)
    page = Paginator(quotes, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "threshold": threshold, "form": form}
    return render(request, "claims/speaker_review.html", context)
