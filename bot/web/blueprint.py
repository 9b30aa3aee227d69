"""The web view's blueprint at /web, with its security headers; the view modules attach
their routes to it."""

from __future__ import annotations

from flask import Blueprint, Response, request

blueprint = Blueprint(
    "web",
    __name__,
    url_prefix="/web",
    template_folder="templates",
    static_folder="static",
)

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
# The LIFF SDK (bundled, served from here) talks to LINE's servers.
LIFF_CONTENT_SECURITY_POLICY = (
    CONTENT_SECURITY_POLICY
    + "; connect-src 'self' https://*.line.me https://*.line-scdn.net; frame-src https://*.line.me"
)


@blueprint.after_request
def security_headers(response: Response) -> Response:
    liff = request.endpoint == "web.liff_page"
    policy = LIFF_CONTENT_SECURITY_POLICY if liff else CONTENT_SECURITY_POLICY
    response.headers.setdefault("Content-Security-Policy", policy)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    if request.endpoint not in ("web.static", "web.font"):
        # Pages show an agency's answers: never keep them in a shared browser's cache.
        response.headers.setdefault("Cache-Control", "no-store")
    return response
