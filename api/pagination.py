"""Cursor pagination of every API list: stable while rows are added, strict about its
parameters.

DRF's settings name classes of this module, so it must not import anything that reads those
settings while it loads (rest_framework.views, django-filter's DRF integration)."""

from __future__ import annotations

import re

from django.http import QueryDict
from rest_framework import exceptions
from rest_framework.pagination import CursorPagination

from .validation import CONTROL_CHARACTERS, ID_PATTERN


def page_size_read(params: QueryDict, *, name: str, default: int, maximum: int) -> int:
    """The page size asked for in ``params[name]``: one whole number from 1 to ``maximum``,
    or ``default`` when none is given (an empty value is none); anything else is refused,
    where DRF would quietly use the default size (or the last of several values)."""
    values = params.getlist(name)
    if not values or values == [""]:
        return default
    value = values[0].strip()
    fits = value.isascii() and value.isdigit() and 1 <= int(value) <= maximum
    if len(values) > 1 or not fits:
        raise exceptions.ValidationError({name: [f"Give one whole number from 1 to {maximum}."]})
    return int(value)


class NewestFirst(CursorPagination):
    """Cursor pagination by descending id: stable while rows are added."""

    ordering = "-id"
    page_size_query_param = "page_size"
    max_page_size = 200
    page_size_query_description = f"Items per page, from 1 to {max_page_size}."

    def get_page_size(self, request):
        return page_size_read(
            request.query_params,
            name=self.page_size_query_param,
            default=self.page_size,
            maximum=self.max_page_size,
        )

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
        return parameters

    invalid_cursor_message = "Invalid cursor: use the next or previous link of a page as it is."

    def decode_cursor(self, request):
        """DRF's decoding, with a cursor that cannot be read refused as a bad parameter
        (400; DRF answers 404, as if the list were missing), and so is one that is not
        base64 and a position the database cannot compare: one that is not an id when the
        order is by id ("abc"), or one with a control character (NUL)."""
        encoded = request.query_params.get(self.cursor_query_param)
        # base64 as DRF writes it: its decoder would skip other characters ("%%%" is none)
        if encoded and not re.fullmatch(r"[A-Za-z0-9+/]+={0,2}", encoded):
            raise self._invalid_cursor()
        try:
            cursor = super().decode_cursor(request)
        except exceptions.NotFound as exc:
            raise self._invalid_cursor() from exc
        position = cursor.position if cursor else None
        if position is None:
            return cursor
        by_id = self.ordering[0].lstrip("-") in ("id", "pk")
        if CONTROL_CHARACTERS.search(position) or (
            by_id and not re.fullmatch(ID_PATTERN, position)
        ):
            raise self._invalid_cursor()
        return cursor

    def _invalid_cursor(self) -> exceptions.ValidationError:
        return exceptions.ValidationError({self.cursor_query_param: [self.invalid_cursor_message]})


class ByName(NewestFirst):
    ordering = ("name", "id")
