"""The signed copy of an issued paper: each digital signature checked with pyHanko and
the result shown on the paper's page, in Vietnamese."""

import datetime as dt
import io

import pytest
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from reportlab.pdfgen import canvas

from documents.models import Document
from tests.factories import make_document

SIGNER = "Nguyễn Văn An"
CENTER = "Trung tâm Khuyến công"


def _name(common_name: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _usage(*, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=not ca,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def _certificate(subject, issuer, public_key, signing_key, *, ca: bool, serial: int):
    now = dt.datetime.now(dt.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(serial)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(_usage(ca=ca), critical=True)
        .sign(signing_key, hashes.SHA256())
    )


@pytest.fixture(scope="module")
def pki():
    """A test certification authority and a signer's certificate it issued."""
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name("CA thử nghiệm", "Ban Cơ yếu thử nghiệm")
    ca = _certificate(ca_name, ca_name, ca_key.public_key(), ca_key, ca=True, serial=1)
    key = ec.generate_private_key(ec.SECP256R1())
    cert = _certificate(
        _name(SIGNER, CENTER), ca_name, key.public_key(), ca_key, ca=False, serial=2
    )
    der = serialization.Encoding.DER
    signer = signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(cert.public_bytes(der)),
        signing_key=asn1_keys.PrivateKeyInfo.load(
            key.private_bytes(der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        ),
        cert_registry=None,
    )
    return {"ca": ca, "signer": signer}


def _paper() -> bytes:
    """An issued paper as a one-page PDF, its content stream uncompressed."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pageCompression=0)
    page.drawString(100, 700, "QUYET DINH so 01/QD-TTKC")
    page.showPage()
    page.save()
    return buffer.getvalue()


def _signed(pki) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(_paper()))
    output = signers.sign_pdf(
        writer, signers.PdfSignatureMetadata(field_name="ChuKySo"), signer=pki["signer"]
    )
    return output.getvalue()


def _changed_after_signing(signed: bytes) -> bytes:
    """An incremental update after the signature that draws new text on the page."""
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    extra = writer.add_object(
        generic.StreamObject(stream_data=b"BT /F1 24 Tf 100 600 Td (Sua: 500.000.000) Tj ET")
    )
    page["/Contents"] = generic.ArrayObject([page.raw_get("/Contents"), extra])
    writer.update_container(page)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _root_file(certificate, tmp_path, name="root.pem") -> str:
    """The CA certificate as the center would give it: PEM, or DER for a .der/.cer file."""
    path = tmp_path / name
    der = name.endswith((".der", ".cer"))
    encoding = serialization.Encoding.DER if der else serialization.Encoding.PEM
    path.write_bytes(certificate.public_bytes(encoding))
    return str(path)


def _attach(client, document, content: bytes, name="ban-ky.pdf") -> str:
    response = client.post(
        reverse("documents:attach_signed", args=[document.pk]),
        {"file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 302
    page = client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    start = page.index('data-testid="signed-copy"')
    return page[start : page.index("</div>", start)]


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.mark.django_db
def test_a_signed_copy_shows_who_signed_when_and_that_it_is_unchanged(staff_client, pki, settings):
    settings.KHUYENCONG_SIGNATURE_TRUST_ROOTS = []
    document = make_document()
    before = timezone.now()
    shown = _attach(staff_client, document, _signed(pki))
    document.refresh_from_db()
    assert document.signed_copy_kind == "digital"
    signed_at = dt.datetime.fromisoformat(document.signatures[0]["signed_at"])
    assert abs(signed_at - before) < dt.timedelta(minutes=2)
    local = timezone.localtime(signed_at).strftime("%H:%M %d/%m/%Y")
    assert f"Đã ký số bởi {SIGNER} ({CENTER}), lúc {local}" in shown
    assert "tệp không bị thay đổi sau khi ký" in shown
    # No trust list configured: the certificate is reported as not verified, never trusted.
    assert "chưa cấu hình danh sách tin cậy" in shown
    assert "được tin cậy;" not in shown
    assert "text-success" in shown


@pytest.mark.django_db
def test_a_copy_changed_after_signing_is_shown_as_changed(staff_client, pki, settings):
    settings.KHUYENCONG_SIGNATURE_TRUST_ROOTS = []
    document = make_document()
    shown = _attach(staff_client, document, _changed_after_signing(_signed(pki)))
    assert f"Đã ký số bởi {SIGNER}" in shown
    assert "tệp ĐÃ BỊ THAY ĐỔI sau khi ký" in shown
    assert "không bị thay đổi" not in shown
    assert "text-danger" in shown


@pytest.mark.django_db
def test_a_copy_whose_signed_bytes_were_altered_is_shown_invalid(staff_client, pki, settings):
    settings.KHUYENCONG_SIGNATURE_TRUST_ROOTS = []
    signed = _signed(pki)
    tampered = signed.replace(b"01/QD-TTKC", b"09/QD-TTKC")
    assert tampered != signed
    shown = _attach(staff_client, make_document(), tampered)
    assert "chữ ký KHÔNG khớp với tệp" in shown
    assert "không bị thay đổi" not in shown


@pytest.mark.django_db
def test_with_its_root_configured_the_certificate_is_trusted(staff_client, pki, settings, tmp_path):
    settings.KHUYENCONG_SIGNATURE_TRUST_ROOTS = [_root_file(pki["ca"], tmp_path)]
    shown = _attach(staff_client, make_document(), _signed(pki))
    assert "chứng thư số được tin cậy" in shown
    assert "chưa cấu hình" not in shown


@pytest.mark.django_db
def test_a_certificate_from_another_authority_is_not_trusted(staff_client, pki, settings, tmp_path):
    other_key = ec.generate_private_key(ec.SECP256R1())
    other_name = _name("CA khác", "Tổ chức khác")
    other = _certificate(
        other_name, other_name, other_key.public_key(), other_key, ca=True, serial=9
    )
    settings.KHUYENCONG_SIGNATURE_TRUST_ROOTS = [_root_file(other, tmp_path, "other.der")]
    shown = _attach(staff_client, make_document(), _signed(pki))
    assert "không thuộc danh sách tin cậy" in shown
    assert "được tin cậy;" not in shown
    assert "tệp không bị thay đổi sau khi ký" in shown


@pytest.mark.django_db
def test_a_scan_says_it_has_no_digital_signature(staff_client, settings):
    settings.KHUYENCONG_SIGNATURE_TRUST_ROOTS = []
    shown = _attach(staff_client, make_document(), _paper())
    assert "Bản quét, không có chữ ký số" in shown
    image = io.BytesIO()
    Image.new("RGB", (200, 280), "white").save(image, format="PNG")
    document = make_document()
    shown = _attach(staff_client, document, image.getvalue(), name="scan.png")
    assert "Bản quét, không có chữ ký số" in shown
    document.refresh_from_db()
    assert document.signed_file.name.endswith(".jpg")
    response = staff_client.get(reverse("documents:signed", args=[document.pk]))
    assert response["Content-Type"] == "image/jpeg"
    assert ".jpg" in response["Content-Disposition"]


@pytest.mark.django_db
def test_a_new_signed_copy_replaces_the_previous_check(staff_client, pki, settings):
    settings.KHUYENCONG_SIGNATURE_TRUST_ROOTS = []
    document = make_document()
    _attach(staff_client, document, _changed_after_signing(_signed(pki)))
    shown = _attach(staff_client, document, _signed(pki))
    assert "ĐÃ BỊ THAY ĐỔI" not in shown
    assert Document.objects.get(pk=document.pk).signatures[0]["integrity"] == "unchanged"
