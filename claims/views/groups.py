"""The pages of statement groups and of possible misquotes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from api.permissions import EDITORS, FACT_CHECKERS, role_required
from extraction.grouping import misquote_marks

from .. import services
from ..grouping import misquote_alert_list, statement_group_record
from ..models import MisquoteAlert, Quote, StatementGroup
from .common import PAGE_SIZE


def group_detail(request, pk: int):
    """One statement as every outlet reported it: first appearance first, how each worded it,
    and the alerts where quoted words differ; editors take a statement out."""
    group = get_object_or_404(StatementGroup.objects.select_related("speaker"), pk=pk)
    record = statement_group_record(group)
    alerts = [(alert, word_diff(alert)) for alert in record.alerts]
    context = {"group": group, "record": record, "alerts": alerts}
    return render(request, "claims/group_detail.html", context)


@role_required(FACT_CHECKERS)
def misquote_index(request):
    """Possible misquotes waiting for a fact-checker, newest first."""
    page = Paginator(misquote_alert_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    alerts = [(alert, word_diff(alert)) for alert in page.object_list]
    return render(request, "claims/misquote_index.html", {"page": page, "alerts": alerts})


def word_diff(alert: MisquoteAlert) -> dict[str, list[tuple[str, str]]]:
    """Each version's words as (word, mark), marked as the alert's rule found them
    (:func:`extraction.grouping.misquote_marks`)."""
    marked = misquote_marks(alert.words_earlier, alert.words_later)
    if marked is None:  # not raised by this rule (an older one): shown unmarked
        return {
            "earlier": [(w, "") for w in alert.words_earlier],
            "later": [(w, "") for w in alert.words_later],
        }
    return {"earlier": marked[0], "later": marked[1]}


REVIEWED = {
    MisquoteAlert.Status.CONFIRMED: "Confirmed as a misquote.",
    MisquoteAlert.Status.DISMISSED: "Dismissed: not a misquote.",
}


@role_required(FACT_CHECKERS)
@require_POST
def misquote_review(request, pk: int):
    """A fact-checker confirms or dismisses an alert."""
    alert = get_object_or_404(MisquoteAlert, pk=pk)
    try:
        reviewed = services.misquote_alert_review(
            alert=alert,
            status=request.POST.get("status", ""),
            by=request.user,
            note=request.POST.get("note", "")[:2000],
        )
        messages.success(request, REVIEWED[reviewed.status])
    except ValidationError as exc:
        messages.error(request, "Not saved: " + "; ".join(exc.messages))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = reverse("misquote-index")
    return redirect(back)


@role_required(EDITORS)
@require_POST
def quote_ungroup(request, pk: int):
    """An editor takes a statement out of its group; the worker never puts it back there."""
    quote = get_object_or_404(Quote, pk=pk)
    member = getattr(quote, "group_member", None)
    group: StatementGroup | None = member.group if member else None
    try:
        services.quote_group_leave(quote=quote, by=request.user, note=request.POST.get("note", ""))
        messages.success(request, "Statement taken out of the group.")
    except ValidationError as exc:
        messages.error(request, "Not changed: " + "; ".join(exc.messages))
    return redirect("group-detail", pk=group.pk) if group else redirect("home")
