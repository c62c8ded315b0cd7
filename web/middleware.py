"""Content-Security-Policy and Permissions-Policy on every response.

Scripts run only from this site or with the request's nonce (the article page's selection
script); the API docs load Swagger UI's script as a file (the split view), not inline. Styles
may be inline: the pages colour speakers with ``style="--hue: …"`` attributes, which no nonce
covers, and a style cannot run code. No site may frame a page (frame-ancestors 'none', and
X-Frame-Options), except the cards of statements and claims, made to be embedded
(:func:`embeddable`)."""

import secrets
from functools import wraps

from django.views.decorators.clickjacking import xframe_options_exempt

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        response.headers.setdefault(
            "Content-Security-Policy", CONTENT_SECURITY_POLICY.format(nonce=request.csp_nonce)
        )
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


# A card's policy: nothing of its own runs or loads but its inline style, and any site may
# frame it (the rest of the site keeps frame-ancestors 'none' and X-Frame-Options).
EMBED_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none';"
    " form-action 'none'; frame-ancestors *"
)


def embeddable(view):
    """A view whose page other sites may show in an iframe: no X-Frame-Options, and a
    Content-Security-Policy (EMBED_POLICY) that allows any frame ancestor and no script."""

    @xframe_options_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.headers["Content-Security-Policy"] = EMBED_POLICY
        return response

    return wrapper
