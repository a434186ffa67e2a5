"""Every kind of report a user may ask for has a builder registered; a kind without one
is refused with a message, never a silent empty file."""

import pytest

from reports.models import ReportJob, ReportKind
from reports.registry import BUILDERS, builder_for, register


def test_every_report_kind_has_a_builder():
    assert set(BUILDERS) == set(ReportKind.values)


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown report kind"):
        builder_for("no_such_report")
    with pytest.raises(ValueError, match="unknown report kind"):
        BUILDERS.get("x") or builder_for(ReportJob(kind="nothing").kind)


def test_a_kind_is_registered_once():
    with pytest.raises(ValueError, match="already"):
        register(ReportKind.PERIODIC)(lambda job, progress: ("x", b""))
