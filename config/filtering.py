"""The API's filter backend. Its own module: django-filter's DRF integration reads DRF's
settings when imported, and DRF's settings name classes in config.api."""

from django_filters.rest_framework import DjangoFilterBackend


class FilterBackend(DjangoFilterBackend):
    """django-filter, skipped when the request names none of the filters (building the
    filter form costs more than a plain list); a FilterSet's ``unfiltered`` then applies its
    defaults."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None:
            return queryset
        if request.query_params.keys() & filterset_class.base_filters.keys():
            return super().filter_queryset(request, queryset, view)
        unfiltered = getattr(filterset_class, "unfiltered", None)
        return unfiltered(queryset) if unfiltered else queryset
