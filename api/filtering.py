"""The API's filtering: django-filter's DRF backend, a FilterSet base that costs less per
request, and strict filters (a value that cannot be read is a 400, not ignored). Its own
module: django-filter's DRF integration reads DRF's settings when imported, and DRF's
settings name classes in api.parsers, api.pagination and api.errors."""

import copy
import re

import django_filters
from django import forms
from django.http import QueryDict
from django.template import loader
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions
from rest_framework.settings import api_settings

from api.validation import CONTROL_CHARACTERS, CONTROL_CHARACTERS_MESSAGE, ID_PATTERN


class FilterBackend(DjangoFilterBackend):
    """django-filter, after the query string's own checks (:func:`query_params_check`), and
    skipped when the request names none of the filters (building the filter form costs more
    than a plain list); a FilterSet's ``unfiltered`` then applies its defaults."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None:
            return queryset
        query_params_check(request.query_params, known=_known_params(filterset_class, view))
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


def query_params_check(params: QueryDict, *, known: set[str]) -> None:
    """Refuses (400, naming each parameter) a query string with a parameter the endpoint does
    not know (a misspelt filter would otherwise give every row), with one given more than
    once (every parameter of the API takes one value), or with a control character in a
    value (NUL would reach the database)."""
    errors = {}
    for name in params:
        if name not in known:
            errors[name] = [f"Unknown parameter. This endpoint takes: {', '.join(sorted(known))}."]
        elif len(params.getlist(name)) > 1:
            errors[name] = ["Give this parameter once."]
        elif CONTROL_CHARACTERS.search(params[name]):
            errors[name] = [CONTROL_CHARACTERS_MESSAGE]
    if errors:
        raise exceptions.ValidationError(errors)


def _known_params(filterset_class, view) -> set[str]:
    """The filters, the pagination's parameters and DRF's ``format``."""
    paginator = getattr(view, "paginator", None)
    paging = (
        getattr(paginator, "cursor_query_param", None),
        getattr(paginator, "page_size_query_param", None),
    )
    return {*filterset_class.base_filters, *filter(None, paging), api_settings.URL_FORMAT_OVERRIDE}


BOOLEANS = {"true": True, "1": True, "false": False, "0": False}


class BooleanField(forms.Field):
    """``true`` or ``1``, ``false`` or ``0`` (any case); empty: not filtered. Anything else
    is refused (django-filter's own field reads ``maybe`` as no filter and ``2`` as true)."""

    widget = forms.Select(choices=(("", "Unknown"), ("true", "Yes"), ("false", "No")))
    default_error_messages = {"invalid": "Give true or false (or 1 or 0)."}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        parsed = BOOLEANS.get(str(value).strip().lower())
        if parsed is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


class BooleanFilter(django_filters.BooleanFilter):
    field_class = BooleanField


class IdField(forms.Field):
    """A row's id: ASCII digits that fit a bigint column; anything else is refused (Django's
    IntegerField would read ``1.0`` as 1 and ``١٢`` as 12)."""

    default_error_messages = {"invalid": "Give an id: a whole number."}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        value = str(value).strip()
        if not re.fullmatch(ID_PATTERN, value):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return int(value)


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.Filter):
    field_class = IdField
