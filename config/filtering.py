"""The API's filtering: django-filter's DRF backend and a FilterSet base that costs less per
request. Its own module: django-filter's DRF integration reads DRF's settings when imported,
and DRF's settings name classes in config.api."""

import copy

import django_filters
from django.http import QueryDict
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


class FilterSet(django_filters.FilterSet):
    """django-filter's FilterSet, without rebuilding its configuration for every request.

    django-filter deep-copies every filter of the set for each request, so each request also
    builds every form field and a new form class: about 1 ms for the quote filters, on a
    list whose query takes 1–2 ms. Here a request gets shallow copies of the filters, bound to
    its filterset; the form fields are built once per filter and the form class once per
    set (each form still copies its fields, as every Django form does). Filters whose field
    comes from the database or the request (PER_REQUEST_FIELDS) are still deep-copied, and
    their set's form class is built per request.
    """

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        model = queryset.model
        self.filters = {name: self._bound(f, model) for name, f in self.base_filters.items()}

    def _bound(self, base, model):
        if not _shareable(base) or getattr(base, "model", model) is not model:
            bound = copy.deepcopy(base)
        else:
            if not hasattr(base, "_field"):
                base.model = model  # its label comes from the model field
                base.field  # noqa: B018 -- built once, shared by the copies
            bound = copy.copy(base)
        bound.model = model
        bound.parent = self
        if bound.method is not None:
            bound.method = bound.method  # a FilterMethod of this copy: calls this filterset
        return bound

    def get_form_class(self):
        cls = type(self)
        form_class = cls.__dict__.get("_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            if all(_shareable(f) for f in cls.base_filters.values()):
                cls._form_class = form_class
        return form_class


# Filters whose form field is built from the database or the request: theirs is built anew
# for each request, as django-filter does.
PER_REQUEST_FIELDS = (
    django_filters.filters.QuerySetRequestMixin,
    django_filters.AllValuesFilter,
    django_filters.AllValuesMultipleFilter,
)


def _shareable(filter_) -> bool:
    """Whether the filter's form field depends only on its configuration."""
    return not isinstance(filter_, PER_REQUEST_FIELDS)
