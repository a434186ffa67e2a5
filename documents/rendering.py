"""Render a kind's DOCX template for an object: a draft ("DỰ THẢO", no number) or the
issued paper (number, date and signer fixed)."""

import io
from dataclasses import dataclass
from pathlib import Path

import jinja2
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from docxtpl import DocxTemplate

from documents.kinds import KINDS
from documents.models import DocumentKind, DocumentTemplate
from documents.words import decree_date

DEFAULTS = Path(__file__).resolve().parent / "templates_docx"


@dataclass(frozen=True)
class Unit:
    """The issuing unit: its notation in numbers, its name, its supervising agency and
    the place name of its date line."""

    notation: str
    name: str
    supervising_agency: str
    place: str
    drafting_division: str


def issuing_unit() -> Unit:
    return Unit(
        notation=settings.KHUYENCONG_DOCUMENT_UNIT,
        name=settings.KHUYENCONG_CENTER_NAME,
        supervising_agency=settings.KHUYENCONG_SUPERVISING_AGENCY,
        place=settings.KHUYENCONG_PLACE_NAME,
        drafting_division=settings.KHUYENCONG_DRAFTING_DIVISION,
    )


def active_template(kind: DocumentKind) -> DocumentTemplate | None:
    """The uploaded version in use, or None: the default shipped with the portal."""
    return kind.templates.filter(active=True).first()


def default_template_path(code: str) -> Path:
    return DEFAULTS / f"{code}.docx"


def template_bytes(kind: DocumentKind, template: DocumentTemplate | None) -> bytes:
    if template is None:
        return default_template_path(kind.code).read_bytes()
    with template.file.open("rb") as handle:
        return handle.read()


def _punctuated(bases: list[str]) -> list[str]:
    """Each basis ends ";", the last "." (Decree 30/2020)."""
    bases = [b.rstrip(" ;.") for b in bases if b.strip()]
    return [b + ("." if i == len(bases) - 1 else ";") for i, b in enumerate(bases)]


def _recipient_lines(recipients: list[str], unit: Unit, copies: int | None = None) -> list[str]:
    lines = [f"- {r.rstrip(' ;.')};" for r in recipients if r.strip()]
    keep = f"- Lưu: VT, {unit.drafting_division}"
    return [*lines, f"{keep}, {copies:02d}b." if copies else f"{keep}."]


def _sentence(title: str) -> str:
    return title[:1].upper() + title[1:].lower() if title else ""


def paper_context(
    kind: DocumentKind,
    obj,
    *,
    draft: bool,
    number: int | None = None,
    issued_on=None,
    subject: str = "",
    signer_authority: str | None = None,
    signer_title: str | None = None,
    signer_name: str | None = None,
    recipients: list[str] | None = None,
    copies: int | None = None,
) -> dict:
    spec = KINDS[kind.code]
    unit = issuing_unit()
    signer_title = kind.signer_title if signer_title is None else signer_title
    signer_name = (kind.signer_name if signer_name is None else signer_name) or "……"
    year = getattr(issued_on, "year", None)
    with translation.override("vi"):
        facts = spec.context(obj)
    context = {
        "draft": draft,
        "supervising_agency": unit.supervising_agency.upper(),
        "issuing_agency": unit.name.upper(),
        "issuing_agency_name": unit.name,
        "issuing_authority": f"GIÁM ĐỐC {unit.name.upper()}",
        "issuing_authority_sentence": f"Giám đốc {unit.name}",
        "unit": unit.notation,
        # A draft leaves the number for the clerk: "Số:      /QĐ-TTKC".
        "number": f"{number:02d}" if number else "\u00a0" * 6,
        "place_date": decree_date(None if draft else issued_on, unit.place),
        "date_in_text": decree_date(None if draft else issued_on),
        "date_short": issued_on.strftime("%d/%m/%Y") if issued_on and not draft else "……",
        "year": year,
        "subject": subject or spec.subject(obj),
        "legal_bases": _punctuated(kind.legal_basis_list + spec.extra_bases(obj)),
        "recipients": _recipient_lines(
            kind.recipient_list if recipients is None else recipients, unit, copies
        ),
        "copies": f"{copies or 2:02d}",
        "signer_authority": kind.signer_authority if signer_authority is None else signer_authority,
        "signer_title": signer_title,
        "signer_title_text": _sentence(signer_title),
        "signer_name": signer_name,
        "party_b_signer_title": "",
        "party_b_signer_name": "",
    }
    context.update(facts)
    party = context.get("party_b")
    if party:
        context["party_b_signer_name"] = party["representative"]
    return context


class TemplateError(ValidationError):
    pass


def render_docx(source: bytes, context: dict, *, strict: bool = False) -> bytes:
    """The template filled in. `strict` refuses a name the context lacks (a template
    being uploaded); the error is in Vietnamese for the clerk who edited it."""
    template = DocxTemplate(io.BytesIO(source))
    environment = jinja2.Environment(
        undefined=jinja2.StrictUndefined if strict else jinja2.ChainableUndefined,
        autoescape=True,
    )
    try:
        template.render(context, jinja_env=environment, autoescape=True)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            _("The template has a mistake in a field or loop near “%(text)s”: %(error)s")
            % {"text": (exc.source or "")[max(0, (exc.lineno or 1) - 1) :][:60], "error": exc}
        ) from exc
    except jinja2.UndefinedError as exc:
        raise TemplateError(
            _("The template names a field the portal does not know: %(error)s") % {"error": exc}
        ) from exc
    output = io.BytesIO()
    template.save(output)
    return output.getvalue()
