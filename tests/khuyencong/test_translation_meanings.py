"""One English word, one meaning: a msgid is never translated with a meaning that is
wrong where it is also used.

Two ways a word goes wrong, each with its check:

1. Our catalogue is read before Django's and the installed apps' (LOCALE_PATHS), so a
   msgid we translate also translates theirs: our "View" (a photo's angle, "Góc chụp")
   became the admin's "View" button. Every msgid we share with them either keeps their
   meaning (listed below with both wordings, reviewed) or carries a context (`pgettext`).
2. A generic English word translated into one domain's noun ("Title" as "Tên đề án",
   "Cancel" as "Hủy đề án") is wrong wherever another app uses the word: a msgid whose
   Vietnamese names a domain noun its English does not, and which is used in an app
   outside that domain, needs a context. Labels and buttons only (up to four words): a
   sentence carries its own meaning.
"""

import gettext
import re
from pathlib import Path

import django
from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale/vi/LC_MESSAGES/django.po"
MO = ROOT / "locale/vi/LC_MESSAGES/django.mo"

# Shared with Django or an installed app, reworded but with the same meaning there.
SAME_MEANING = {
    "Action": ("Hành động", "Thao tác"),
    "Add": ("Thêm vào", "Thêm"),
    "Cancel": ("Hủy bỏ", "Hủy"),
    "Administration": ("Quản trị website", "Quản trị"),
    "Email": ("Email", "Thư điện tử"),
    "File": ("File", "Tệp"),
    "Filter": ("Bộ lọc", "Lọc"),
    "History": ("Bản ghi nhớ", "Diễn biến"),
    "IP address": ("Địa chỉ IP", "địa chỉ IP"),
    "Log out": ("Thoát", "Đăng xuất"),
    "Now": ("Bây giờ", "Hiện tại"),
    "Page not found": ("Không tìm thấy trang nào", "Không tìm thấy trang"),
    "Logged out": ("Đã thoát", "Đăng xuất"),
    "Remove": ("Gỡ bỏ", "Xóa"),
    "Save": ("Lưu lại", "Lưu"),
    "Show": ("Hiện ra", "Xem"),
    "Vietnamese": ("Tiếng Việt Nam", "Tiếng Việt"),
    "name": ("Tên", "tên"),
    "user": ("Người dùng", "người dùng"),
    "users": ("người sử dụng", "người dùng"),
}

# Vietnamese nouns of one domain: the English stems that name it, the apps it belongs to.
DOMAIN_NOUNS = {
    "đề án": (
        ("project",),
        {"projects", "funding", "opendata", "documents", "reports", "portal", "api"},
    ),
    "kế hoạch": (("plan",), {"projects", "funding", "opendata", "documents", "reports", "portal"}),
    "sản phẩm": (("product", "entry", "entries"), {"products", "reports", "documents", "portal"}),
    "tiêu chí": (("criteri", "score"), {"products"}),
    "góc chụp": (("angle", "view"), {"products"}),
    "bình chọn": (("vot", "round", "entry", "entries"), {"products", "reports", "portal"}),
    "hội đồng": (("council", "chair"), {"products", "projects", "documents", "portal"}),
}


LABEL_WORDS = 4


def _mo(path: Path) -> dict:
    with path.open("rb") as fh:
        return dict(gettext.GNUTranslations(fh)._catalog)


def _their_catalogues() -> list[tuple[str, dict]]:
    roots = [Path(django.__file__).parent / "conf"]
    roots += [
        Path(config.path)
        for config in apps.get_app_configs()
        # Installed packages (a virtualenv may sit inside the checkout), not our apps.
        if "site-packages" in Path(config.path).parts or not Path(config.path).is_relative_to(ROOT)
    ]
    return [
        (str(mo.relative_to(mo.parents[4])), _mo(mo))
        for root in roots
        for mo in root.glob("locale/vi/LC_MESSAGES/*.mo")
    ]


def shadowed(ours: dict) -> list[str]:
    found = []
    for source, theirs in _their_catalogues():
        for key, their_text in theirs.items():
            if not key or key not in ours or ours[key] == their_text:
                continue
            if SAME_MEANING.get(key) == (their_text, ours[key]):
                continue
            found.append(f"{key!r}: {source} says {their_text!r}, ours {ours[key]!r}")
    return found


def _entries(text: str):
    """(references, context, msgid, msgstr) of each entry of a .po file."""

    def joined(match):
        return "".join(re.findall(r'"(.*)"', match.group(1)))

    for block in text.split("\n\n"):
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        msgstr = re.search(r"^msgstr(?:\[0\])? ((?:\".*\"\n?)+)", block, re.M)
        if not msgid or not msgstr or block.lstrip().startswith("#~"):
            continue
        refs = " ".join(line[3:] for line in block.splitlines() if line.startswith("#: "))
        context = re.search(r'^msgctxt "(.*)"', block, re.M)
        yield (
            [ref.rsplit(":", 1)[0] for ref in refs.split()],
            context.group(1) if context else None,
            joined(msgid),
            joined(msgstr),
        )


def _app(reference: str) -> str:
    parts = reference.split("/")
    if parts[0] == "templates":  # templates/<app>/..., and the portal's own at the top
        return parts[1] if len(parts) > 2 else "portal"
    return parts[0]


def narrowed(po_text: str) -> list[str]:
    found = []
    for refs, context, msgid, msgstr in _entries(po_text):
        # Labels and buttons: a sentence carries its own meaning.
        if context is not None or not msgid or len(msgid.split()) > LABEL_WORDS:
            continue
        for noun, (stems, owners) in DOMAIN_NOUNS.items():
            if noun not in msgstr.lower() or any(stem in msgid.lower() for stem in stems):
                continue
            outside = sorted({ref for ref in refs if _app(ref) not in owners | {"tests"}})
            if outside:
                found.append(f"{msgid!r} -> {msgstr!r} (a {noun!r} word) used in {outside}")
    return found


def test_no_msgid_changes_the_meaning_of_djangos_or_an_installed_apps():
    assert shadowed(_mo(MO)) == []


def test_no_generic_word_is_translated_as_one_domains_noun_where_another_uses_it():
    assert narrowed(PO.read_text(encoding="utf-8")) == []


# The catalogue before contexts were given: both checks find what a person saw.
OLD_PO = """
#: products/forms.py:137 templates/projects/plan_detail.html:17
msgid "Title"
msgstr "Tên đề án"

#: projects/workflow.py:39 templates/products/product_form.html:8
msgid "Cancel"
msgstr "Hủy đề án"

#: templates/projects/plan_detail.html:17
msgctxt "project"
msgid "Title"
msgstr "Tên đề án"
"""


def test_the_checks_fail_on_the_catalogue_that_had_the_collisions():
    found = narrowed(OLD_PO)
    assert len(found) == 2
    assert "'Title'" in found[0]
    assert "products/forms.py" in found[0]
    assert "'Cancel'" in found[1]
    assert "templates/products/product_form.html" in found[1]
    assert any("'View'" in line and "Góc chụp" in line for line in shadowed({"View": "Góc chụp"}))
    assert shadowed({"View": "Xem"}) == []
