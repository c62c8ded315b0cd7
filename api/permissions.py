"""Who may do what: reads for signed-in users and clients (and anonymous ones when
API_ANONYMOUS_READS is on: off, the whole instance is private, pages, API, schema and docs);
each write for one role, given by a group. Who reviewed a claim and the notes of its history
are for the newsroom only (``sees_reviewers``, ``sees_internal_notes``)."""

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from rest_framework import exceptions, permissions

EDITORS = "editors"
FACT_CHECKERS = "fact-checkers"
ROLES = (EDITORS, FACT_CHECKERS)


def user_roles(user) -> frozenset[str]:
    """The roles of ``user`` (an admin has every role); cached on the user object."""
    if not user or not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_onrecord_roles"):
        if user.is_superuser:
            user._onrecord_roles = frozenset(ROLES)
        else:
            names = user.groups.filter(name__in=ROLES).values_list("name", flat=True)
            user._onrecord_roles = frozenset(names)
    return user._onrecord_roles


def in_newsroom(user) -> bool:
    """Signed-in staff: members of the editors or fact-checkers groups, and Django staff
    (superusers included). A signed-in reader with no role is not; neither is a token
    whose user is not."""
    return bool(user and user.is_authenticated and (user.is_staff or user_roles(user)))


def sees_internal_notes(user) -> bool:
    """The notes of a history (why a verdict was set, what was checked): the newsroom's
    working notes, for ``in_newsroom`` users only, whatever REVIEWERS_PUBLIC says."""
    return in_newsroom(user)


def sees_reviewers(user) -> bool:
    """Who reviewed (a history's actor, a claim's creator): for ``in_newsroom`` users, or
    for anyone when REVIEWERS_PUBLIC is on. Public records name the organisation
    (CLAIMREVIEW_AUTHOR) and the published verdict."""
    return settings.REVIEWERS_PUBLIC or in_newsroom(user)


class ReadOrRole(permissions.BasePermission):
    """Every API view's rule (the schema's and the docs' too): a method the view does not
    offer is a 405 for anyone, before any role is looked at; safe methods for readers; other
    methods for the role the view names for its action in ``write_roles`` (an action not
    named there is refused)."""

    message = "Your role does not allow this."

    def has_permission(self, request, view) -> bool:
        if request.method not in view.allowed_methods:
            raise exceptions.MethodNotAllowed(request.method)
        if request.method in permissions.SAFE_METHODS:
            return request.user.is_authenticated or settings.API_ANONYMOUS_READS
        role = getattr(view, "write_roles", {}).get(getattr(view, "action", None))
        return bool(role) and role in user_roles(request.user)

    def has_object_permission(self, request, view, obj) -> bool:
        # the same rule for the object (a merged speaker is refused by the services)
        return self.has_permission(request, view)


def role_required(*roles: str):
    """A page for ``roles`` only (any of them): sign-in first, then 403 for anyone with none
    of them."""
    from functools import wraps

    from django.contrib.auth.views import redirect_to_login
    from django.core.exceptions import PermissionDenied

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not set(roles) & user_roles(request.user):
                raise PermissionDenied(f"This needs the {' or '.join(roles)} role.")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


class PrivateInstanceMiddleware(LoginRequiredMiddleware):
    """With API_ANONYMOUS_READS off, every page needs a signed-in user: Django's
    LoginRequiredMiddleware sends anyone else to the login page. Views marked
    ``login_not_required`` stay open: the login page, /healthz, and DRF's views, which check
    for themselves (ReadOrRole: a token or a session, else 401). Static files are served
    before any view (WhiteNoise, runserver)."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if settings.API_ANONYMOUS_READS:
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


def sign_in_page(view):
    """Marks a DRF view that is a page for a browser (the API docs) as one: on a private
    instance, a visitor not signed in is sent to the login page rather than given a 401."""
    view.login_required = True
    return view
