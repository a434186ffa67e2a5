"""A photo's file says little about what decoding it costs: a 7 KB PNG may declare 60
million pixels, which take 240 MB once decoded. The support request (five photos) is
sent for real, in a process of its own, and its peak memory is measured."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from PIL import Image

from accounts.roles import Role
from establishments.models import SupportRequest
from tests.conftest import skip_or_fail
from tests.factories import EstablishmentFactory, UserFactory, assign_area, commune, this_year

ROOT = Path(settings.BASE_DIR)

# Runs in the child: a signed-in collaborator opens the form (so that everything a
# request needs is imported and warm), then posts the photos; ru_maxrss is the peak.
REQUEST = """
import json, resource, sys
import django
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment()
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from accounts.models import User

user_pk, establishment_pk, year, *paths = sys.argv[1:]
client = Client()
client.force_login(User.objects.get(pk=user_pk))
url = reverse("establishments:request_create", args=[establishment_pk])
assert client.get(url).status_code == 200
photos = [SimpleUploadedFile(f"anh-{i}.png", open(p, "rb").read()) for i, p in enumerate(paths)]
peak = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
before = peak()
response = client.post(url, {
    "content_type": "machinery",
    "description": "Máy cưa CNC",
    "estimated_cost_vnd": "450.000.000",
    "desired_year": year,
    "photos": photos,
})
print(json.dumps({
    "status": response.status_code,
    "body": response.content.decode() if response.status_code == 200 else "",
    "growth_mb": (peak() - before) / 2**20,
}))
"""


def _png(path: Path, mode: str, size: tuple[int, int]) -> Path:
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return path


def _send(user, establishment, paths: list[Path]) -> dict:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "khuyencong.settings_test",
        "DATABASE_URL": (
            f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
        ),
    }
    args = [str(user.pk), str(establishment.pk), str(this_year() + 1), *map(str, paths)]
    done = subprocess.run(
        [sys.executable, "-c", REQUEST, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_support_requests_photos_are_bounded_before_they_are_decoded(
    localities_committed, tmp_path
):
    if connection.vendor != "postgresql":
        skip_or_fail("needs PostgreSQL (DATABASE_URL): the request runs in another process")
    user = UserFactory(role=Role.COLLABORATOR)
    assign_area(user, [commune("Xã Tân Yên")])
    establishment = EstablishmentFactory(commune=commune("Xã Tân Yên"))

    # Five 7 KB PNGs of 7000 x 8500 pixels. Before the pixel budget they were accepted,
    # in 7.4 s, and the worker grew by 575 MB.
    bomb = _png(tmp_path / "bom.png", "1", (7000, 8500))
    assert bomb.stat().st_size < 10_000
    refused = _send(user, establishment, [bomb] * 5)
    print("REFUSED", refused["status"], refused["growth_mb"])
    assert refused["status"] == 200  # the form again, with the photos' error
    assert "Ảnh quá lớn" in refused["body"]
    assert "7000 x 8500" in refused["body"]
    assert refused["growth_mb"] < 20
    assert not SupportRequest.objects.exists()

    # Three photos of 13 megapixels with transparency (the dearest to decode) fill the
    # form's budget: accepted, and the worker grows by less than 200 MB.
    largest = [_png(tmp_path / f"anh-{i}.png", "RGBA", (3600, 3600)) for i in range(3)]
    accepted = _send(user, establishment, largest)
    assert accepted["status"] == 302, accepted["body"][:2000]
    assert SupportRequest.objects.get().photos.count() == 3
    assert accepted["growth_mb"] < 200
