"""The API's filtering: django-filter's DRF backend and a FilterSet base that costs less per
request. Its own module: django-filter's DRF integration reads DRF's settings when imported,
and DRF's settings name classes in config.api."""

import copy

import django_filters
from django.http import QueryDict
from django.template import loader
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

    def to_html(self, request, queryset, view):
        """The browsable API's filter form, with every filter."""
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return None
        filterset.every_field = True
        context = {"filter": filterset}
        return loader.get_template(self.template).render(context, request)


class FilterSet(django_filters.FilterSet):
    """django-filter's FilterSet, without rebuilding its configuration for every request.

    django-filter deep-copies every filter of the set for each request, so each request also
    builds every form field and a new form class, and its form copies every field again:
    about 1 ms for the quote filters, on a list whose query takes 1–2 ms. Here a request gets
    shallow copies of the filters, bound to its filterset; the form fields are built once per
    filter, and a bound form has only the fields of the filters the request names (the
    others would clean to nothing and filter nothing), its class built once per set of names.
    Filters whose field comes from the database or the request (PER_REQUEST_FIELDS) are
    still deep-copied and their set's form classes built per request. ``every_field`` gives
    the form of every filter (the browsable API shows it).
    """

    every_field = False

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
        names = tuple(self.filters)
        if self.is_bound and not self.every_field:
            names = tuple(name for name in names if self._named(name))
        cls = type(self)
        forms = cls.__dict__.get("_form_classes")
        if forms is None:
            forms = cls._form_classes = {}
        form_class = forms.get(names)
        if form_class is None:
            fields = {name: self.filters[name].field for name in names}
            form_class = type(f"{cls.__name__}Form", (self._meta.form,), fields)
            if all(_shareable(f) for f in cls.base_filters.values()):
                forms[names] = form_class
        return form_class

    def _named(self, name: str) -> bool:
        """Whether the request's data has a value for filter ``name`` (as its form reads it:
        a widget of several inputs looks for each of them)."""
        key = f"{self.form_prefix}-{name}" if self.form_prefix else name
        return not self.filters[name].field.widget.value_omitted_from_data(self.data, {}, key)


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
