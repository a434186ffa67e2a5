"""The Vietnamese catalogue is complete and the committed .mo matches the .po."""

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale/vi/LC_MESSAGES/django.po"
MO = ROOT / "locale/vi/LC_MESSAGES/django.mo"
SOURCE_DIRS = (
    "khuyencong",
    "core",
    "accounts",
    "localities",
    "notifications",
    "establishments",
    "collaborators",
    "projects",
    "funding",
    "products",
    "reports",
    "documents",
    "api",
    "opendata",
    "selfservice",
    "portal",
    "templates",
    "locale",
)


@pytest.fixture
def gettext_tools():
    for tool in ("xgettext", "msgfmt", "msgmerge"):
        if shutil.which(tool) is None:
            skip_or_fail(f"GNU gettext ({tool}) is not installed")


def _catalog(mo: Path) -> dict:
    with mo.open("rb") as fh:
        return dict(gettext.GNUTranslations(fh)._catalog)


def test_every_string_in_the_code_is_translated(tmp_path, gettext_tools):
    # Extract afresh in a copy of the sources, merging the committed translations.
    for name in SOURCE_DIRS:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "vi", "--no-obsolete"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env={
            "DJANGO_SETTINGS_MODULE": "khuyencong.settings",
            "DJANGO_DEBUG": "true",
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(tmp_path),
        },
    )
    fresh = tmp_path / "locale/vi/LC_MESSAGES/django.po"
    stats = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(fresh)],
        check=True,
        capture_output=True,
        text=True,
    ).stderr
    hint = f"translate the new strings (make messages, then edit {PO.relative_to(ROOT)})"
    assert "untranslated" not in stats, f"{hint}: {stats}"
    assert "fuzzy" not in stats, f"{hint}: {stats}"


def test_compiled_catalogue_matches_the_po(tmp_path, gettext_tools):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(compiled), str(PO)], check=True)
    assert _catalog(compiled) == _catalog(MO), "run `make messages` and commit django.mo"
