from django.contrib import admin
from django.urls import include, path
from rest_framework.routers import DefaultRouter

from articles import views as article_views
from articles.api import ArticleViewSet
from claims import views as claim_views
from claims.api import QuoteViewSet, SpeakerViewSet
from config.views import healthz

router = DefaultRouter()
router.register("articles", ArticleViewSet, basename="article")
router.register("speakers", SpeakerViewSet, basename="speaker")
router.register("quotes", QuoteViewSet, basename="quote")

urlpatterns = [
    path("", article_views.home, name="home"),
    path("articles/", article_views.article_index, name="article-index"),
    path("articles/<int:pk>/", article_views.article_detail, name="article-detail"),
    path("speakers/", claim_views.speaker_index, name="speaker-index"),
    path("speakers/<slug:slug>/", claim_views.speaker_detail, name="speaker-detail"),
    path("api/v1/", include((router.urls, "api"))),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]
