"""The decision approving the benchmark's largest plan, rendered in a process of its own
so that its peak memory is its own:

    python -m bench.paper

Renders the plan decision (with its annex, one row per plan item) as the worker does when
a clerk issues it: the DOCX from the template, then the PDF through LibreOffice. Nothing
is stored. Prints one JSON line: the items, the seconds of each step, the peak resident
memory of this process (the DOCX) and of LibreOffice (the PDF), in MB.
"""

import json
import os
import resource
import time

from bench.probe import rss_mb


def largest_plan():
    from django.db.models import Count

    from projects.models import AnnualPlan

    return AnnualPlan.objects.annotate(n=Count("items")).order_by("-n", "-year", "-pk").first()


def render(plan, *, with_pdf: bool = True) -> dict:
    """The decision of `plan` as the worker renders it on issue; what each step cost."""
    from django.utils import timezone

    from documents import pdf
    from documents.rendering import active_template, paper_context, render_docx, template_bytes
    from documents.services import kind_for

    kind = kind_for("plan_decision")
    source = template_bytes(kind, active_template(kind))
    before = rss_mb("VmRSS")
    started = time.perf_counter()
    context = paper_context(kind, plan, draft=False, number=1, issued_on=timezone.localdate())
    content = render_docx(source, context)
    result = {
        "items": context["item_count"],
        "docx_seconds": round(time.perf_counter() - started, 2),
        "docx_bytes": len(content),
        "rss_before_mb": round(before, 1),
        "rss_peak_mb": round(rss_mb("VmHWM"), 1),
    }
    if not with_pdf:
        return result
    started = time.perf_counter()
    try:
        output = pdf.convert(content)
    except pdf.Unavailable:
        result["pdf_error"] = "LibreOffice is not installed"
    except pdf.ConversionFailed as exc:
        result["pdf_error"] = f"conversion failed: {exc}"[:300]
    else:
        result["pdf_seconds"] = round(time.perf_counter() - started, 2)
        result["pdf_bytes"] = len(output)
        # The largest resident set among the finished children: soffice.bin under its
        # launcher (ru_maxrss is in KB on Linux).
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        result["soffice_rss_peak_mb"] = round(children.ru_maxrss / 1024, 1)
        result["soffice_cpu_seconds"] = round(children.ru_utime + children.ru_stime, 2)
    return result


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khuyencong.settings")
    import django

    django.setup()
    print(json.dumps(render(largest_plan())))


if __name__ == "__main__":
    main()
