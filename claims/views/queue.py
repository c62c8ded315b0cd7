"""The desk's review queue: claims by status and assignee ("my queue" is the same page with
``assignee=me``), the machine's low-confidence statements, bulk actions on the ticked rows,
and a claim's or a statement's assignment and second review."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from api.permissions import EDITORS, FACT_CHECKERS, role_required, user_roles

from .. import services
from ..models import STATUS_SETTABLE, Claim, Quote, Status
from ..queue import (
    ME,
    claim_review_queue,
    newsroom_people,
    queue_outlets,
    statement_review_queue,
)
from ..queue_forms import AGES, STATUS_CHOICES, BulkForm, QueueFilterForm
from .common import PAGE_SIZE, _statement_url

COLUMNS = {
    "claims": [
        ("checkworthiness", "Check-worthiness"),
        ("speaker", "Speaker"),
        ("outlet", "Outlet"),
        ("first_seen", "First seen"),
        ("verdict", "Verdict"),
        ("status", "Status"),
        ("assignee", "Assignee"),
        ("age", "Age"),
    ],
    "statements": [
        ("checkworthiness", "Check-worthiness"),
        ("speaker", "Speaker"),
        ("outlet", "Outlet"),
        ("first_seen", "Published"),
        ("confidence", "Confidence"),
        ("assignee", "Assignee"),
        ("age", "Age"),
    ],
}


@role_required(FACT_CHECKERS)
def review_queue(request):
    """Claims to check: open ones (new, in progress, waiting for a second review) by
    check-worthiness first, filtered and ordered by any column."""
    return _queue_page(request, tab="claims")


@role_required(EDITORS, FACT_CHECKERS)
def review_statements(request):
    """The machine's statements it was least sure of, for editors and fact-checkers."""
    return _queue_page(request, tab="statements")


def _queue_page(request, *, tab: str):
    form = QueueFilterForm(request.GET)
    filters = form.filters(statements=tab == "statements")
    if tab == "claims":
        rows = claim_review_queue(filters=filters, user=request.user)
    else:
        rows = statement_review_queue(filters=filters, user=request.user)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    roles = user_roles(request.user)
    return render(
        request,
        "claims/review_queue.html",
        {
            "tab": tab,
            "page": page,
            "form": form,
            "filters": filters,
            "columns": _sortable(COLUMNS[tab], filters.order or "checkworthiness"),
            "people": list(newsroom_people(statements=tab == "statements")),
            "outlets": queue_outlets(statements=tab == "statements"),
            "status_choices": STATUS_CHOICES,
            "ages": AGES,
            "settable": STATUS_SETTABLE,
            "statuses": Status.choices,
            "mine": filters.assignee == ME,
            "can_verify": EDITORS in roles,
            "can_attach": FACT_CHECKERS in roles,
            "row_flags": ("verify", "reject"),
        },
    )


@role_required(EDITORS, FACT_CHECKERS)
@require_POST
def review_bulk(request):
    """One action on every ticked row (all or, refused, none), one history entry per row it
    changed. Verifying and rejecting are editors'; the rest fact-checkers' (assigning
    statements, editors' too)."""
    form = BulkForm(request.POST)
    back = _back(request)
    if not form.is_valid():
        messages.error(request, "Nothing done: " + form.errors.as_text())
        return redirect(back)
    data, roles = form.cleaned_data, user_roles(request.user)
    action, ids = data["action"], data["items"]
    statements = request.POST.get("tab") == "statements"
    needed = {EDITORS} if action in ("verify", "reject") else {FACT_CHECKERS}
    if statements and action == "assign":
        needed = {EDITORS, FACT_CHECKERS}
    if not needed & roles:
        raise PermissionDenied
    items = list((Quote if statements else Claim).objects.filter(pk__in=ids).order_by("pk"))
    try:
        assignee = _assignee(request, data["assignee"]) if action == "assign" else None
        done = services.review_bulk(
            action=action,
            items=items,
            by=request.user,
            note=data["note"],
            assignee=assignee,
            status=data["status"],
            claim=Claim.objects.filter(pk=data["claim"]).first() if data["claim"] else None,
        )
    except ValidationError as refused:
        messages.error(request, "Nothing done: " + "; ".join(refused.messages))
        return redirect(back)
    missing = len(set(ids)) - len(items)
    text = f"{done} of {len(items)} changed."
    messages.success(request, text + (f" {missing} no longer exist." if missing else ""))
    return redirect(back)


@role_required(FACT_CHECKERS)
@require_POST
def claim_assign(request, pk: int):
    """Assign a claim (to me, to a fact-checker, to nobody); recorded."""
    claim = get_object_or_404(Claim, pk=pk)
    try:
        assignee = _assignee(request, request.POST.get("assignee", ""))
        done = services.claims_assign(claims=[claim], assignee=assignee, by=request.user)
    except ValidationError as refused:
        messages.error(request, "Not assigned: " + "; ".join(refused.messages))
        return redirect(_back(request, "claim-detail", pk))
    who = assignee.get_username() if assignee else "nobody"
    messages.success(request, f"Assigned to {who}." if done else f"Already assigned to {who}.")
    return redirect(_back(request, "claim-detail", pk))


@role_required(EDITORS, FACT_CHECKERS)
@require_POST
def quote_assign(request, pk: int):
    """Assign a statement waiting for review (to me, to someone, to nobody); recorded."""
    quote = get_object_or_404(Quote, pk=pk)
    try:
        assignee = _assignee(request, request.POST.get("assignee", ""))
        services.quotes_assign(quotes=[quote], assignee=assignee, by=request.user)
    except ValidationError as refused:
        messages.error(request, "Not assigned: " + "; ".join(refused.messages))
    else:
        who = assignee.get_username() if assignee else "nobody"
        messages.success(request, f"Statement assigned to {who}.", extra_tags=f"at-quote-{pk}")
    return redirect(_back(request, default_url=_statement_url(quote)))


@role_required(FACT_CHECKERS)
@require_POST
def claim_approve(request, pk: int):
    """A second fact-checker approves the draft verdict: it is published."""
    return _review_step(
        request, pk, services.claim_verdict_approve, "Verdict approved and published."
    )


@role_required(FACT_CHECKERS)
@require_POST
def claim_return(request, pk: int):
    """A second fact-checker sends the draft back, with a note saying why."""
    return _review_step(request, pk, services.claim_verdict_return, "Draft sent back.")


def _review_step(request, pk: int, step, done: str):
    claim = get_object_or_404(Claim, pk=pk)
    version = request.POST.get("version", "")
    try:
        step(
            claim=claim,
            by=request.user,
            note=request.POST.get("note", "")[:2000],
            expected_version=int(version) if version.isascii() and version.isdigit() else None,
        )
    except services.StaleEdit:
        messages.error(request, "Not done: the claim changed since you opened it.")
    except ValidationError as refused:
        messages.error(request, "Not done: " + "; ".join(refused.messages))
    else:
        messages.success(request, done)
    return redirect("claim-detail", pk=pk)


def _sortable(columns: list[tuple[str, str]], order: str) -> list[dict]:
    """Each column's header: its label, the order a click asks for (the other way round
    when it is the current one) and its ``aria-sort``. Check-worthiness reads highest
    first; the others lowest (oldest, A to Z) first."""
    key, reverse = order.lstrip("-"), order.startswith("-")
    headers = []
    for name, label in columns:
        current = name == key
        first_way = "descending" if name == "checkworthiness" else "ascending"
        other_way = "ascending" if first_way == "descending" else "descending"
        headers.append(
            {
                "name": name,
                "label": label,
                "sort": f"-{name}" if current and not reverse else name,
                "aria": (other_way if reverse else first_way) if current else "",
            }
        )
    return headers


def _assignee(request, value: str):
    """The user a form names: ``me``, a user id, or nobody (empty)."""
    value = value.strip()
    if value == ME:
        return request.user
    if not value:
        return None
    if not (value.isascii() and value.isdigit()):
        raise ValidationError("no such person.")
    user = get_user_model().objects.filter(pk=int(value), is_active=True).first()
    if user is None:
        raise ValidationError("no such person.")
    return user


def _back(request, name: str = "review-queue", pk: int | None = None, *, default_url: str = ""):
    """Where the form came from (``next``, a path on this site), else its page."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    if default_url:
        return default_url
    return reverse(name, args=[pk] if pk is not None else [])
