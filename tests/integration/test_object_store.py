"""The portal on an S3-compatible object store (moto's server on loopback, reached over
HTTP as a real bucket would be): every stored file, an uploaded photo, a report file, an
issued paper, lands in the bucket and is read back from it; the views that check who asks
stream it, an outsider gets 404; the backup of the stored files restores into an empty
bucket; and nothing is written under MEDIA_ROOT."""

import datetime as dt
import io
import uuid
from pathlib import Path

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from accounts.roles import Role
from core.backups import backup_media, restore_media, stored_names
from documents import pdf
from documents.models import PdfStatus
from documents.services import document_create_draft, kind_for
from establishments.models import SupportRequest
from khuyencong.env import S3_BACKEND
from reports.models import JobStatus, ReportJob
from tests.conftest import skip_or_fail
from tests.factories import (
    EstablishmentFactory,
    UserFactory,
    assign_area,
    commune,
    document_plan,
    this_year,
    tiny_png,
)

pytestmark = [pytest.mark.objectstore, pytest.mark.django_db]

KEYS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
REGION = "us-east-1"


@pytest.fixture(scope="module")
def s3_endpoint():
    """moto's S3 server on a free loopback port, for this module's tests."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def _client(endpoint: str):
    return boto3.client("s3", endpoint_url=endpoint, region_name=REGION, **KEYS)


def _options(endpoint: str, bucket: str) -> dict:
    """What settings.py makes of KHUYENCONG_STORAGE=s3 and the AWS_* variables."""
    from khuyencong.env import storage_config

    environment = {
        "KHUYENCONG_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": bucket,
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_S3_REGION_NAME": REGION,
        "AWS_S3_ADDRESSING_STYLE": "path",
        "AWS_ACCESS_KEY_ID": KEYS["aws_access_key_id"],
        "AWS_SECRET_ACCESS_KEY": KEYS["aws_secret_access_key"],
    }

    class Env:
        def str(self, name, default=""):
            return environment.get(name, default)

    config = storage_config(Env())
    assert config["BACKEND"] == S3_BACKEND
    return config["OPTIONS"]


def _new_bucket(endpoint: str) -> str:
    bucket = f"khuyencong-{uuid.uuid4().hex[:12]}"
    _client(endpoint).create_bucket(Bucket=bucket)
    return bucket


def _keys(endpoint: str, bucket: str) -> list[str]:
    listing = _client(endpoint).list_objects_v2(Bucket=bucket)
    return sorted(entry["Key"] for entry in listing.get("Contents", []))


def _object(endpoint: str, bucket: str, key: str) -> bytes:
    return _client(endpoint).get_object(Bucket=bucket, Key=key)["Body"].read()


@pytest.fixture
def bucket(s3_endpoint, settings, tmp_path, monkeypatch):
    """A fresh bucket as the default storage; MEDIA_ROOT points at a folder that must
    never come to exist."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    name = _new_bucket(s3_endpoint)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": S3_BACKEND, "OPTIONS": _options(s3_endpoint, name)},
    }
    media_root = tmp_path / "media"
    settings.MEDIA_ROOT = media_root
    yield name
    assert not media_root.exists(), list(Path(media_root).rglob("*"))


def _signed_in(client, user):
    client.force_login(user)
    return client


def test_a_support_request_photo_is_stored_in_the_bucket_and_served_only_to_who_may_see_it(
    client, django_user_model, s3_endpoint, bucket
):
    collaborator = UserFactory(role=Role.COLLABORATOR)
    assign_area(collaborator, [commune("Xã Tân Yên")])
    outsider = UserFactory(role=Role.COLLABORATOR)
    assign_area(outsider, [commune("Xã Lục Nam")])
    establishment = EstablishmentFactory(commune=commune("Xã Tân Yên"))

    response = _signed_in(client, collaborator).post(
        reverse("establishments:request_create", args=[establishment.pk]),
        {
            "content_type": "machinery",
            "description": "Máy cưa CNC",
            "estimated_cost_vnd": "450000000",
            "desired_year": str(this_year() + 1),
            "photos": [tiny_png("xuong.png")],
        },
    )

    request = SupportRequest.objects.get(establishment=establishment)
    assert response["Location"] == request.get_absolute_url()
    photo = request.photos.get()
    assert _keys(s3_endpoint, bucket) == [photo.image.name]
    assert photo.image.name.startswith("requests/")
    url = reverse("establishments:request_photo", args=[request.pk, photo.pk])
    served = client.get(url)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"
    body = b"".join(served.streaming_content)
    assert body == _object(s3_endpoint, bucket, photo.image.name)
    assert Image.open(io.BytesIO(body)).size == (2, 2)

    assert _signed_in(client, outsider).get(url).status_code == 404
    # The storage hands out no signed link to a private file.
    assert "Signature" not in default_storage.url(photo.image.name)


def test_a_report_file_is_built_into_the_bucket_and_downloaded_from_it(
    client, make_user, s3_endpoint, bucket, django_capture_on_commit_callbacks
):
    official = make_user(Role.OFFICIAL)
    other_official = make_user(Role.OFFICIAL)

    with django_capture_on_commit_callbacks(execute=True):  # the job runs inline
        _signed_in(client, official).post(
            reverse("reports:job_create", args=["period_summary"]),
            {"from_year": "2018", "to_year": "2024", "format": "xlsx"},
        )

    job = ReportJob.objects.get()
    assert job.status == JobStatus.DONE
    assert _keys(s3_endpoint, bucket) == [job.file.name]
    assert job.file.name.startswith("reports/")
    url = reverse("reports:job_download", args=[job.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert 'filename="tong-hop-2018-2024.xlsx"' in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    assert body == _object(s3_endpoint, bucket, job.file.name)
    assert load_workbook(io.BytesIO(body)).worksheets

    assert _signed_in(client, other_official).get(url).status_code == 404


def test_an_issued_paper_is_stored_in_the_bucket_as_docx_and_pdf(
    client, make_user, s3_endpoint, bucket, django_capture_on_commit_callbacks
):
    if not pdf.available():
        skip_or_fail("LibreOffice (soffice) is not installed")
    staff = make_user(Role.CENTER_STAFF)
    draft = document_create_draft(actor=staff, kind=kind_for("plan_decision"), obj=document_plan())

    with django_capture_on_commit_callbacks(execute=True):  # the PDF is converted inline
        response = _signed_in(client, staff).post(
            reverse("documents:issue", args=[draft.pk]),
            {
                "issued_on": "05/01/2026",
                "signer_authority": "KT. GIÁM ĐỐC",
                "signer_title": "PHÓ GIÁM ĐỐC",
                "signer_name": "Lê Thị Mai",
            },
        )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.issued_on == dt.date(2026, 1, 5)
    assert draft.pdf_status == PdfStatus.DONE
    assert _keys(s3_endpoint, bucket) == sorted([draft.docx_file.name, draft.pdf_file.name])
    docx = client.get(reverse("documents:docx", args=[draft.pk]))
    assert docx.status_code == 200
    body = b"".join(docx.streaming_content)
    assert body == _object(s3_endpoint, bucket, draft.docx_file.name)
    assert body.startswith(b"PK")  # a Word package
    paper = client.get(reverse("documents:pdf", args=[draft.pk]))
    assert paper.status_code == 200
    assert b"".join(paper.streaming_content).startswith(b"%PDF")

    outsider = _signed_in(client, make_user(Role.COLLABORATOR))
    assert outsider.get(reverse("documents:docx", args=[draft.pk])).status_code == 404
    assert outsider.get(reverse("documents:pdf", args=[draft.pk])).status_code == 404


def test_the_backup_of_the_bucket_restores_into_an_empty_bucket(s3_endpoint, bucket, tmp_path):
    from storages.backends.s3 import S3Storage

    files = {
        "requests/2026/05/anh.jpg": b"\xff\xd8 photo",
        "documents/2026/QD-2026-001.docx": b"PK docx",
        "reports/2026/05/tong-hop.xlsx": b"PK xlsx",
    }
    for name, content in files.items():
        assert default_storage.save(name, ContentFile(content)) == name

    archive = backup_media(default_storage, tmp_path)

    empty = _new_bucket(s3_endpoint)
    target = S3Storage(**_options(s3_endpoint, empty))
    restore_media(target, tmp_path)
    assert archive is not None
    assert _keys(s3_endpoint, empty) == sorted(files)
    for name, content in files.items():
        assert _object(s3_endpoint, empty, name) == content
    assert sorted(stored_names(target)) == sorted(files)

    # Restoring again over a bucket that has changed puts it back exactly.
    target.delete("reports/2026/05/tong-hop.xlsx")
    target.save("stray/after-the-backup.txt", ContentFile(b"sau sao luu"))
    restore_media(target, tmp_path)
    assert _keys(s3_endpoint, empty) == sorted(files)
