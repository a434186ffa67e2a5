"""Bad configuration gets one clear message, never a traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from khuyencong.env import EnvironmentError_, read_env_file
from localities.checks import configured_province_exists
from localities.selectors import LocalityNotConfigured, configured_province

ROOT = Path(__file__).resolve().parents[2]


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "KHUYENCONG_"))}
    base.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_malformed_env_file_names_the_line(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("DJANGO_DEBUG=true\nthis line is wrong\n", encoding="utf-8")
    with pytest.raises(EnvironmentError_, match=r"line 2: expected NAME=value"):
        read_env_file(env_file)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DJANGO_DEBUG": "flase"}, "DJANGO_DEBUG must be true or false, got 'flase'"),
        ({"DJANGO_DEBUG": "false"}, "DJANGO_SECRET_KEY must be set"),
        (
            {"DJANGO_DEBUG": "true", "DATABASE_URL": "mysqll://x/y"},
            "DATABASE_URL has an unknown scheme 'mysqll'",
        ),
        (
            {"DJANGO_DEBUG": "true", "KHUYENCONG_STORAGE": "s4"},
            "KHUYENCONG_STORAGE must be filesystem or s3, got 's4'",
        ),
        (
            {"DJANGO_DEBUG": "true", "KHUYENCONG_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": ""},
            "KHUYENCONG_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME",
        ),
    ],
)
def test_bad_settings_print_one_line_not_a_traceback(env, message):
    result = manage("check", **env)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_without_django_debug_the_settings_are_production_and_want_a_secret_key():
    """A server started with nothing set must not serve debug pages with a known key."""
    refused = manage("check")
    assert refused.returncode != 0
    assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is false" in refused.stderr
    assert "Traceback" not in refused.stderr

    started = manage(
        "shell",
        "-c",
        "from django.conf import settings; print('DEBUG', settings.DEBUG)",
        DJANGO_SECRET_KEY="k" * 20 + "-production-secret-of-enough-length-and-variety-9f3a",
    )
    assert started.returncode == 0, started.stderr
    assert "DEBUG False" in started.stdout


def test_source_tree_commands_run_with_nothing_set_and_serving_commands_still_refuse():
    """A fresh clone can check its migrations without inventing a secret key."""
    checked = manage("makemigrations", "--check", "--dry-run")
    assert checked.returncode == 0, checked.stderr
    assert "No changes detected" in checked.stdout
    for serving in (("migrate", "--check"), ("check",), ("load_demo",)):
        refused = manage(*serving)
        assert refused.returncode != 0
        assert "DJANGO_SECRET_KEY must be set" in refused.stderr


def test_production_settings_pass_the_deploy_check():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="k" * 20 + "-production-secret-of-enough-length-and-variety-9f3a",
        DJANGO_ALLOWED_HOSTS="khuyencong.example.gov.vn",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.django_db
def test_an_unknown_province_code_is_one_clear_error(settings):
    settings.KHUYENCONG_PROVINCE_CODE = "99"
    with pytest.raises(LocalityNotConfigured, match=r"'99' is not a province code of 2025"):
        configured_province()
    errors = configured_province_exists(databases=["default"])
    assert [e.id for e in errors] == ["localities.E001"]
    assert "24 Bắc Ninh" in errors[0].msg


@pytest.mark.django_db
def test_a_legacy_only_code_is_not_accepted(settings):
    settings.KHUYENCONG_PROVINCE_CODE = "27"  # legacy Bắc Ninh, no 2025 province has it
    with pytest.raises(LocalityNotConfigured):
        configured_province()


@pytest.mark.django_db
def test_the_configured_province_is_found_by_its_2025_code(settings):
    settings.KHUYENCONG_PROVINCE_CODE = "79"
    assert configured_province().name == "Thành phố Hồ Chí Minh"
