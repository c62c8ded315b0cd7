"""A statement's permalink page, and the cards of statements and claims that other sites
embed. Rejected statements are the newsroom's: anyone else gets a 404, and no card."""

from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from api.permissions import in_newsroom
from web.middleware import embeddable

from ..models import Claim, Quote
from ..selectors import quote_list, quotes_with_claims
from ..sharing import claim_share, quote_share
from .common import _statement_url


def quote_detail(request, pk: int):
    """A statement with its speaker, article, outlet, date and kind, the claims it is in
    (their published verdicts), its statement group, and how to share and embed it."""
    quotes = quote_list(rejected=None).annotate(group_id=F("group_member__group_id"))
    quote = get_object_or_404(quotes_with_claims(quotes), pk=pk)
    if quote.rejected and not in_newsroom(request.user):
        raise Http404("No such statement.")
    context = {
        "quote": quote,
        "share": None if quote.rejected else share_of_quote(request, quote),
        "in_article": _statement_url(quote),
    }
    return render(request, "claims/quote_detail.html", context)


def share_of_quote(request, quote: Quote):
    return quote_share(
        quote,
        permalink=request.build_absolute_uri(reverse("quote-detail", args=[quote.pk])),
        card_url=request.build_absolute_uri(reverse("quote-card", args=[quote.pk])),
    )


def share_of_claim(request, claim: Claim):
    return claim_share(
        claim,
        permalink=request.build_absolute_uri(reverse("claim-detail", args=[claim.pk])),
        card_url=request.build_absolute_uri(reverse("claim-card", args=[claim.pk])),
    )


@embeddable
def quote_card(request, pk: int):
    """A statement's card, for an iframe on any site."""
    quote = get_object_or_404(quote_list(), pk=pk)
    context = {"quote": quote, "share": share_of_quote(request, quote)}
    return render(request, "claims/card.html", context)


@embeddable
def claim_card(request, pk: int):
    """A claim's card, with its published verdict, for an iframe on any site."""
    claim = get_object_or_404(Claim.objects.select_related("speaker"), pk=pk)
    context = {"claim": claim, "share": share_of_claim(request, claim)}
    return render(request, "claims/card.html", context)
