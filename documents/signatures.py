"""What a signed copy says about itself: each digital signature in a PDF checked with
pyHanko (who signed, when, whether the file changed after signing, whether the
signature still matches the bytes, and whether the certificate leads to an authority the
center trusts). Nothing is fetched from the network: revocation is not checked here."""

import datetime as dt
import io
import logging
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

log = logging.getLogger(__name__)


class SignedCopyKind(models.TextChoices):
    NONE = "", _("No signed copy")
    SCAN = "scan", _("Scan, no digital signature")
    DIGITAL = "digital", _("Digitally signed")
    UNREADABLE = "unreadable", _("Signatures that could not be checked")


class Integrity(models.TextChoices):
    UNCHANGED = "unchanged", _("the file has not been changed since it was signed")
    SIGNATURES_ADDED = (
        "signatures_added",
        _("after signing, only further signatures or time stamps were added"),
    )
    CHANGED = "changed", _("the file was CHANGED after it was signed")
    BROKEN = "broken", _("the signature does NOT match the file: its signed content was altered")


class Trust(models.TextChoices):
    TRUSTED = "trusted", _("the certificate is trusted")
    NOT_CHECKED = (
        "not_checked",
        _("the certificate could not be verified (no trust list is configured)"),
    )
    UNTRUSTED = (
        "untrusted",
        _("the certificate could not be verified: it does not lead to a trusted authority"),
    )
    EXPIRED = "expired", _("the certificate was not valid at the time of signing")
    REVOKED = "revoked", _("the certificate has been revoked")


@dataclass(frozen=True)
class SignatureCheck:
    """One signature of a signed copy, as stored on the register entry."""

    signer: str
    organisation: str
    signed_at: str | None  # ISO 8601, kept as text in the entry's JSON
    timestamped: bool
    integrity: str
    trust: str

    @property
    def signed_at_time(self) -> dt.datetime | None:
        return dt.datetime.fromisoformat(self.signed_at) if self.signed_at else None

    @property
    def ok(self) -> bool:
        return self.integrity in (Integrity.UNCHANGED, Integrity.SIGNATURES_ADDED)

    def summary(self) -> str:
        """The sentence the paper's page shows, e.g. "Signed digitally by …, at …; the
        file has not been changed since it was signed; the certificate is trusted"."""
        signer = self.signer or gettext("an unnamed signer")
        if self.organisation and self.organisation != self.signer:
            signer = f"{signer} ({self.organisation})"
        when = self.signed_at_time
        if when is None:
            signed = gettext("Digitally signed by %(signer)s, at an unstated time") % {
                "signer": signer
            }
        else:
            text = (
                gettext("Digitally signed by %(signer)s, at %(time)s (time stamp)")
                if self.timestamped
                else gettext("Digitally signed by %(signer)s, at %(time)s")
            )
            signed = text % {
                "signer": signer,
                "time": timezone.localtime(when).strftime("%H:%M %d/%m/%Y"),
            }
        return f"{signed}; {self.get_integrity_display()}; {self.get_trust_display()}."

    def get_integrity_display(self) -> str:
        return str(Integrity(self.integrity).label)

    def get_trust_display(self) -> str:
        return str(Trust(self.trust).label)

    @classmethod
    def from_stored(cls, data: dict) -> "SignatureCheck":
        return cls(**{name: data.get(name) for name in cls.__dataclass_fields__})

    def stored(self) -> dict:
        return asdict(self)


def _load_certificate(path: Path):
    from asn1crypto import pem, x509

    data = path.read_bytes()
    if pem.detect(data):
        _type, _headers, data = pem.unarmor(data)
    return x509.Certificate.load(data)


def trust_roots() -> list:
    """The CA certificates of KHUYENCONG_SIGNATURE_TRUST_ROOTS (PEM or DER files); empty
    when none is configured. A path that cannot be read is a configuration mistake."""
    roots = []
    for entry in settings.KHUYENCONG_SIGNATURE_TRUST_ROOTS:
        path = Path(entry)
        try:
            roots.append(_load_certificate(path))
        except (OSError, ValueError) as exc:
            raise ImproperlyConfigured(
                f"KHUYENCONG_SIGNATURE_TRUST_ROOTS: cannot read {path}: {exc}"
            ) from exc
    return roots


def _names(certificate) -> tuple[str, str]:
    subject = certificate.subject.native
    return str(subject.get("common_name", "")), str(subject.get("organization_name", ""))


def _integrity(status) -> str:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    if not (status.intact and status.valid):
        return Integrity.BROKEN
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return Integrity.UNCHANGED
    level = status.modification_level
    if (
        status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
        and level is not None
        and level <= ModificationLevel.FORM_FILLING
        and status.docmdp_ok is not False
    ):
        return Integrity.SIGNATURES_ADDED
    return Integrity.CHANGED


def _trust(status, *, configured: bool) -> str:
    if status.trusted:
        return Trust.TRUSTED
    if not configured:
        return Trust.NOT_CHECKED
    problem = getattr(status.trust_problem_indic, "name", "") or ""
    if "REVOKED" in problem:
        return Trust.REVOKED
    if "EXPIRED" in problem or "OUT_OF_BOUNDS" in problem or "NOT_YET_VALID" in problem:
        return Trust.EXPIRED
    return Trust.UNTRUSTED


def _signing_time(status) -> tuple[dt.datetime | None, bool]:
    """The time stamp authority's time when the signature carries a valid one; else the
    time the signer's software wrote (which the signer could set at will)."""
    stamp = status.timestamp_validity
    if stamp is not None and stamp.intact and stamp.valid:
        return stamp.timestamp, True
    return status.signer_reported_dt, False


def check_pdf(content: bytes) -> tuple[str, list[SignatureCheck]]:
    """The kind of signed copy (scan, digitally signed, unreadable) and one check per
    signature, in the order they were applied."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        signatures = PdfFileReader(io.BytesIO(content), strict=False).embedded_regular_signatures
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        log.info("signed copy not readable by pyHanko: %s", exc)
        return SignedCopyKind.SCAN, []
    if not signatures:
        return SignedCopyKind.SCAN, []
    roots = trust_roots()
    checks = []
    for embedded in signatures:
        context = ValidationContext(
            trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail"
        )
        try:
            status = validate_pdf_signature(embedded, context)
        except Exception as exc:  # a malformed signature is reported, never a 500
            log.info("signature could not be validated: %s", exc)
            return SignedCopyKind.UNREADABLE, []
        signer, organisation = _names(status.signing_cert)
        signed_at, timestamped = _signing_time(status)
        checks.append(
            SignatureCheck(
                signer=signer,
                organisation=organisation,
                signed_at=signed_at.isoformat() if signed_at else None,
                timestamped=timestamped,
                integrity=_integrity(status),
                trust=_trust(status, configured=bool(roots)),
            )
        )
    return SignedCopyKind.DIGITAL, checks
