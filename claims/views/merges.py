"""Merging speakers on the pages, in three steps that cannot be skipped: find the speaker
(suggestions as the editor types, or a list of candidates), see what the merge would move,
confirm. A merge can be undone from the page of the speaker merged into."""

import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST

from api.permissions import EDITORS, role_required
from api.validation import ID_PATTERN

from .. import services
from ..filters import search_check
from ..merging import speaker_merge_plan, speaker_suggestions
from ..models import Speaker
from ..selectors import speaker_named


def _target(slug: str) -> Speaker:
    return get_object_or_404(Speaker, slug=slug)


def _query(request) -> str:
    """The name searched for (empty when it is not a search the site takes)."""
    q = request.GET.get("q", "").strip()
    try:
        search_check(q)
    except ValidationError:
        return ""
    return q


@role_required(EDITORS)
@require_http_methods(["GET", "POST"])
def speaker_merge(request, slug: str):
    """GET ``q``: the speakers that name may mean (one picked from the suggestions, by its
    slug, goes straight to its preview); GET ``source``: what merging it in would move, and
    the confirmation; POST ``source`` (an id) with ``confirm``: the merge."""
    target = _target(slug)
    if request.method == "POST":
        return _merge_confirmed(request, target)
    if target.merged_into_id:
        return redirect("speaker-detail", slug=target.merge_target().slug)
    ref, q = request.GET.get("source", "").strip(), _query(request)
    if not ref and q:
        picked = Speaker.objects.filter(slug=q, merged_into__isnull=True).exclude(pk=target.pk)
        if not picked.exists():
            candidates = speaker_suggestions(q, exclude=target)
            context = {"speaker": target, "q": q, "candidates": candidates}
            return render(request, "claims/speaker_merge.html", context)
        ref = q
    source = speaker_named(ref) if ref else None
    if source is None or source.pk == target.pk or source.merged_into_id:
        if ref:
            messages.error(request, f"No other speaker to merge in is named “{ref}”.")
        return render(request, "claims/speaker_merge.html", {"speaker": target, "q": q})
    plan = speaker_merge_plan(source=source, target=target)
    return render(request, "claims/speaker_merge.html", {"speaker": target, "plan": plan})


def _merge_confirmed(request, target: Speaker):
    ref = request.POST.get("source", "").strip()
    source = speaker_named(ref)
    page = reverse("speaker-merge", args=[target.slug])
    if source is None:
        messages.error(request, f"No speaker named “{ref}”.")
        return HttpResponseRedirect(f"{page}?{urlencode({'q': ref})}")
    if request.POST.get("confirm") != "yes":
        # a name given without the preview's confirmation (an old form) gets the preview
        return HttpResponseRedirect(f"{page}?{urlencode({'source': source.slug})}")
    try:
        services.speaker_merge(
            source=source, target=target, by=request.user, note=request.POST.get("note", "")
        )
    except ValidationError as exc:
        messages.error(request, "Not merged: " + "; ".join(exc.messages))
        return redirect("speaker-detail", slug=target.slug)
    messages.success(
        request,
        f"{source.name} merged into {target.name}. To undo it, see “Merged into"
        f" {target.name}” under “Edit names or merge”.",
    )
    return redirect("speaker-detail", slug=target.slug)


@role_required(EDITORS)
@require_POST
def speaker_unmerge(request, slug: str):
    """An editor undoes the merge of ``source`` (an id) into this speaker."""
    target = _target(slug)
    ref = request.POST.get("source", "")
    source = get_object_or_404(Speaker, pk=int(ref) if re.fullmatch(ID_PATTERN, ref) else 0)
    try:
        done = services.speaker_unmerge(
            source=source, target=target, by=request.user, note=request.POST.get("note", "")
        )
    except ValidationError as exc:
        messages.error(request, "Not undone: " + "; ".join(exc.messages))
        return redirect("speaker-detail", slug=target.slug)
    messages.success(request, unmerged_message(done))
    return redirect("speaker-detail", slug=target.slug)


def unmerged_message(done: services.Unmerged) -> str:
    """What an unmerge did, in words: what came back, and what stayed and why."""
    source, target = done.speaker.name, done.target.name
    said = [
        f"{source} is a speaker of their own again: {len(done.quotes)} statement(s),"
        f" {len(done.aliases)} name(s) and {len(done.claims)} claim(s) moved back."
    ]
    if done.kept.get("quotes"):
        said.append(
            f"{len(done.kept['quotes'])} statement(s) stay with {target}: an editor changed"
            " them after the merge."
        )
    if done.kept.get("aliases"):
        removed = ", ".join(done.kept["aliases"])
        said.append(f"Names removed since the merge stay removed: {removed}.")
    if "unrecorded" in done.kept:
        count = done.kept["unrecorded"]["quotes"]
        said.append(
            f"The merge was recorded before merges kept which statements they moved: its"
            f" {count} statement(s) stay with {target}; correct them on their articles."
        )
    if done.kept.get("wikidata_qid"):
        said.append(f"{done.kept['wikidata_qid']} stays with the speaker who has it now.")
    return " ".join(said)
