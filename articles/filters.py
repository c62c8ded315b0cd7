"""Query-string filters of the article list."""

import django_filters

from api.filtering import FilterSet

from .models import Article


class ArticleFilter(FilterSet):
    status = django_filters.ChoiceFilter(choices=Article.Status.choices)
    outlet = django_filters.CharFilter(lookup_expr="iexact")
    published_after = django_filters.DateFilter(field_name="published_on", lookup_expr="gte")
    published_before = django_filters.DateFilter(field_name="published_on", lookup_expr="lte")

    class Meta:
        model = Article
        fields: list[str] = []
