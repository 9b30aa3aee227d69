"""Optional two-factor sign-in with time-based one-time codes (TOTP, RFC 6238, via pyotp):
6 digits every 30 seconds from an authenticator app (Google Authenticator, Microsoft
Authenticator, …). A code is accepted one step early or late (clock drift), and never twice.
"""

from __future__ import annotations

import hmac
from datetime import datetime

import pyotp
import segno

from storage.models import AdminUser, utcnow

ISSUER = "DGR Readiness Admin"
CODE_DIGITS = 6
# One step (30 s) either side of now: phones' clocks drift.
DRIFT_STEPS = 1
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, username: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)


def qr_code_data_uri(uri: str) -> str:
    """The enrolment QR code as an SVG data URI (the admin's CSP allows data: images)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def grouped(secret: str) -> str:
    """The secret in groups of four, for typing into an app by hand."""
    return " ".join(secret[index : index + 4] for index in range(0, len(secret), 4))


def normalize_code(raw: str) -> str | None:
    """Six ASCII digits (Thai digits and spaces accepted), or None."""
    code = "".join(raw.translate(_THAI_DIGITS).split())
    if len(code) != CODE_DIGITS or not code.isascii() or not code.isdigit():
        return None
    return code


def matching_step(
    secret: str, raw_code: str, after_step: int | None, now: datetime | None = None
) -> int | None:
    """The time step the code belongs to, if it is right and newer than ``after_step``."""
    code = normalize_code(raw_code)
    if code is None:
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now or utcnow())
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if after_step is not None and step <= after_step:
            continue
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def verify_and_use(user: AdminUser, raw_code: str, now: datetime | None = None) -> bool:
    """Checks a sign-in code of an enrolled account and marks its step used."""
    if not user.totp_secret:
        return False
    step = matching_step(user.totp_secret, raw_code, user.totp_last_step, now)
    if step is None:
        return False
    user.totp_last_step = step
    return True


def enable(user: AdminUser, secret: str, raw_code: str, now: datetime | None = None) -> bool:
    """Turns two-factor sign-in on once the app shows a right code for the new secret."""
    step = matching_step(secret, raw_code, None, now)
    if step is None:
        return False
    user.totp_secret = secret
    user.totp_last_step = step
    return True


def disable(user: AdminUser) -> None:
    user.totp_secret = None
    user.totp_last_step = None
