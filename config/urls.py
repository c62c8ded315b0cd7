from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from api.permissions import sign_in_page
from articles import views as article_views
from articles.api import ArticleViewSet
from claims import views as claim_views
from claims.api import (
    ClaimEventViewSet,
    ClaimViewSet,
    MisquoteAlertViewSet,
    QuoteChanges,
    QuoteExport,
    QuoteViewSet,
    SpeakerViewSet,
    StatementGroupViewSet,
)
from claims.feeds import watchlist_feed
from claims.signin import AdminSignInForm, SignInForm
from web import views as site_views
from web.errors import healthz

# both sign-in forms refuse a user name or an address after too many failures (claims.signin)
admin.site.login_form = AdminSignInForm

router = DefaultRouter()
router.register("articles", ArticleViewSet, basename="article")
router.register("speakers", SpeakerViewSet, basename="speaker")
router.register("quotes", QuoteViewSet, basename="quote")
router.register("claims", ClaimViewSet, basename="claim")
router.register("claim-events", ClaimEventViewSet, basename="claimevent")
router.register("groups", StatementGroupViewSet, basename="statementgroup")
router.register("misquotes", MisquoteAlertViewSet, basename="misquotealert")

api_urls = [
    path("quotes/export.jsonl", QuoteExport.as_view(export_format="jsonl"), name="quote-export"),
    path("quotes/export.csv", QuoteExport.as_view(export_format="csv"), name="quote-export-csv"),
    path("quotes/changes/", QuoteChanges.as_view(), name="quote-changes"),
    *router.urls,
]

urlpatterns = [
    path("", site_views.home, name="home"),
    path("articles/", article_views.article_index, name="article-index"),
    path("articles/<int:pk>/", article_views.article_detail, name="article-detail"),
    path("articles/<int:pk>/retry/", article_views.article_retry, name="article-retry"),
    path("speakers/", claim_views.speaker_index, name="speaker-index"),
    path(
        "speakers/suggestions/",
        claim_views.speaker_suggestions_list,
        name="speaker-suggestions",
    ),
    path("speakers/<slug:slug>/", claim_views.speaker_detail, name="speaker-detail"),
    path("speakers/<slug:slug>/aliases/", claim_views.speaker_alias_add, name="speaker-alias-add"),
    path(
        "speakers/<slug:slug>/aliases/<int:alias_id>/remove/",
        claim_views.speaker_alias_remove,
        name="speaker-alias-remove",
    ),
    path("speakers/<slug:slug>/merge/", claim_views.speaker_merge, name="speaker-merge"),
    path("speakers/<slug:slug>/unmerge/", claim_views.speaker_unmerge, name="speaker-unmerge"),
    path("speakers/<slug:slug>/identity/", claim_views.speaker_identity, name="speaker-identity"),
    path("review/", claim_views.review_queue, name="review-queue"),
    path("review/statements/", claim_views.review_statements, name="review-statements"),
    path("review/bulk/", claim_views.review_bulk, name="review-bulk"),
    path("review/speakers/", claim_views.speaker_review, name="speaker-review"),
    path("review/rejected/", claim_views.quote_rejected_list, name="quote-rejected"),
    path("claims/", claim_views.claim_index, name="claim-index"),
    path("search/", site_views.search, name="search"),
    path("ingest/", article_views.ingest, name="ingest"),
    path("watchlists/", claim_views.watchlist_index, name="watchlist-index"),
    path("watchlists/<int:pk>/", claim_views.watchlist_detail, name="watchlist-detail"),
    path(
        "watchlists/<int:pk>/revoke/",
        claim_views.watchlist_token_revoke,
        name="watchlist-token-revoke",
    ),
    path("watchlists/<int:pk>/delete/", claim_views.watchlist_delete, name="watchlist-delete"),
    path("watchlists/<int:pk>/feed/<str:token>.atom", watchlist_feed, name="watchlist-feed"),
    path("articles/<int:article_id>/quotes/new/", claim_views.quote_add, name="quote-add"),
    path("statements/<int:pk>/", claim_views.quote_detail, name="quote-detail"),
    path("statements/<int:pk>/card/", claim_views.quote_card, name="quote-card"),
    path("quotes/<int:pk>/edit/", claim_views.quote_edit, name="quote-edit"),
    path("quotes/<int:pk>/reject/", claim_views.quote_reject, name="quote-reject"),
    path("quotes/<int:pk>/verify/", claim_views.quote_verify, name="quote-verify"),
    path("quotes/<int:pk>/restore/", claim_views.quote_restore, name="quote-restore"),
    path("quotes/<int:pk>/ungroup/", claim_views.quote_ungroup, name="quote-ungroup"),
    path("quotes/<int:pk>/assign/", claim_views.quote_assign, name="quote-assign"),
    path("groups/<int:pk>/", claim_views.group_detail, name="group-detail"),
    path("review/misquotes/", claim_views.misquote_index, name="misquote-index"),
    path("review/misquotes/<int:pk>/", claim_views.misquote_review, name="misquote-review"),
    path("claims/new/", claim_views.claim_new, name="claim-new"),
    path("claims/<int:pk>/", claim_views.claim_detail, name="claim-detail"),
    path("claims/<int:pk>/card/", claim_views.claim_card, name="claim-card"),
    path("claims/<int:pk>/verdict/", claim_views.claim_verdict, name="claim-verdict"),
    path("claims/<int:pk>/statement/", claim_views.claim_statement, name="claim-statement"),
    path("claims/<int:pk>/attach/", claim_views.claim_attach, name="claim-attach"),
    path("claims/<int:pk>/assign/", claim_views.claim_assign, name="claim-assign"),
    path("claims/<int:pk>/approve/", claim_views.claim_approve, name="claim-approve"),
    path("claims/<int:pk>/return/", claim_views.claim_return, name="claim-return"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=SignInForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/v1/", include((api_urls, "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "api/docs/",
        sign_in_page(SpectacularSwaggerSplitView.as_view(url_name="schema")),
        name="api-docs",
    ),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]

handler404 = "web.errors.page_not_found"
handler500 = "web.errors.server_error"
