"""The portal speaks Khmer and English: every string a citizen reads is in both catalogues,
and the pages, the check question and the labels of the petitions come out translated."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import polib
import pytest
from django.utils import translation

from tests.portal.conftest import submission

SRC = Path(__file__).resolve().parents[2] / "src" / "danvan"
PORTAL = SRC / "portal"
LOCALE = SRC / "locale"
LANGUAGES = ("km", "en")
KHMER = re.compile("[\u1780-\u17ff]")
# Letters only Vietnamese uses (ă â đ ê ô ơ ư and the vowels with tone marks).
VIETNAMESE = re.compile("[ăâđêôơưĂÂĐÊÔƠƯ\u00c0-\u00c3\u00c8-\u00ca\u00cc\u00cd\u00d2-\u00d5"
                        "\u00d9\u00da\u00dd\u00e0-\u00e3\u00e8-\u00ea\u00ec\u00ed\u00f2-\u00f5"
                        "\u00f9\u00fa\u00fd\u0128\u0129\u0168\u0169\u1ea0-\u1ef9]")  # fmt: skip
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy"}
TRANSLATE = re.compile(r"""\{%\s*trans(?:late)?\s+(["'])(.*?)\1.*?%\}""", re.S)
BLOCK = re.compile(
    r"\{%\s*blocktrans(?:late)?\b(.*?)%\}(.*?)\{%\s*endblocktrans(?:late)?\s*%\}", re.S
)
PLURAL = re.compile(r"\{%\s*plural\s*%\}")
VARIABLE = re.compile(r"\{\{\s*(\w+)\s*\}\}")


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def _block_msgid(text: str, trimmed: bool) -> str:
    if trimmed:
        text = " ".join(line.strip() for line in text.strip().splitlines() if line.strip())
    return VARIABLE.sub(r"%(\1)s", text.replace("%", "%%"))


def portal_msgids() -> set[tuple[str, str]]:
    """(msgid, msgid_plural) of every string marked for translation in src/danvan/portal."""
    found: set[tuple[str, str]] = set()
    for path in PORTAL.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        found |= {(m.group(2), "") for m in TRANSLATE.finditer(text)}
        for m in BLOCK.finditer(text):
            singular, *rest = PLURAL.split(m.group(2), maxsplit=1)
            plural = rest[0] if rest else ""
            trimmed = "trimmed" in m.group(1).split()
            found.add(
                (_block_msgid(singular, trimmed), _block_msgid(plural, trimmed) if plural else "")
            )
    for path in PORTAL.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            strings = [a.value for a in node.args[:2] if isinstance(a, ast.Constant)]
            if name in GETTEXT and strings and isinstance(strings[0], str):
                plural = strings[1] if name.startswith("ngettext") and len(strings) > 1 else ""
                found.add((strings[0], plural))
    return found


def _untranslated(po: polib.POFile, msgid: str, plural: str = "") -> str | None:
    """Why ``msgid`` is not usable in ``po``, or None."""
    entry = po.find(msgid)
    if entry is None or entry.obsolete:
        return "missing (run makemessages)"
    if "fuzzy" in entry.flags:
        return "fuzzy"
    forms = list(entry.msgstr_plural.values()) if plural else [entry.msgstr]
    if not forms or not all(f.strip() for f in forms):
        return "empty"
    if any(sorted(PLACEHOLDER.findall(f)) != sorted(PLACEHOLDER.findall(msgid)) for f in forms):
        return "placeholders differ"
    return None


class CatalogueTests:
    def test_the_scan_finds_the_portals_strings(self):
        msgids = {m for m, _p in portal_msgids()}
        assert len(msgids) > 150
        assert "Câu hỏi kiểm tra:" in msgids  # {% translate %}
        assert "Trang %(n)s/%(t)s" in msgids  # {% blocktranslate %}
        assert "%(a)s cộng %(b)s bằng mấy?" in msgids  # gettext
        assert ("%(n)s câu trả lời", "%(n)s câu trả lời") in portal_msgids()  # plural

    @pytest.mark.parametrize("language", LANGUAGES)
    def test_every_portal_string_is_translated(self, language):
        po = catalogue(language)
        problems = {
            msgid: why
            for msgid, plural in sorted(portal_msgids())
            if (why := _untranslated(po, msgid, plural))
        }
        assert problems == {}

    @pytest.mark.parametrize(("language", "plural_forms"), [
        ("km", "nplurals=1; plural=0;"), ("en", "nplurals=2; plural=(n != 1);"),
    ])  # fmt: skip
    def test_headers(self, language, plural_forms):
        po = catalogue(language)
        assert po.metadata["Language"] == language
        assert po.metadata["Plural-Forms"] == plural_forms
        assert not po.metadata_is_fuzzy
        assert [e.msgid for e in po if "fuzzy" in e.flags and e.msgstr] == []


def _labels() -> list[object]:
    from django.conf import settings

    from danvan.petitions.enums import DocumentType, Field, Kind, RefusalGround, State
    from danvan.petitions.errors import MESSAGES
    from danvan.portal.captcha import NUMBERS

    enums = [Kind, Field, State, DocumentType, RefusalGround]
    return [
        *(label for enum in enums for label in enum.labels),
        *MESSAGES.values(),
        *(name for _code, name in settings.LANGUAGES),
        *NUMBERS,
    ]


class LabelTests:
    """What the portal shows of the petitions app: kinds, the 15 fields, states, documents,
    grounds for refusal, error messages; and the names of the languages."""

    def test_khmer(self):
        for label in _labels():
            with translation.override("vi"):
                vietnamese = str(label)
            with translation.override("km"):
                khmer = str(label)
            assert KHMER.search(khmer), vietnamese

    def test_english(self):
        for label in _labels():
            with translation.override("vi"):
                vietnamese = str(label)
            with translation.override("en"):
                english = str(label)
            assert english != vietnamese, vietnamese

    def test_plurals(self):
        with translation.override("en"):
            assert translation.ngettext("%(n)s câu trả lời", "%(n)s câu trả lời", 1) == (
                "%(n)s answer"
            )
            assert translation.ngettext("%(n)s câu trả lời", "%(n)s câu trả lời", 3) == (
                "%(n)s answers"
            )
        with translation.override("km"):
            assert KHMER.search(translation.ngettext("%(n)s câu trả lời", "x", 3))

    def test_djangos_form_messages_in_khmer(self):
        """Django's Khmer catalogue lacks these; ours has them at its end.  makemessages
        marks them obsolete (#~): restore them if this fails."""
        messages = [
            "This field is required.",
            "Enter a valid email address.",
            "Enter a valid date.",
            "Select a valid choice. %(value)s is not one of the available choices.",
        ]
        with translation.override("km"):
            for message in messages:
                assert KHMER.search(translation.gettext(message)), message
            for n in (1, 9):
                text = translation.ngettext(
                    "Ensure this value has at most %(limit_value)d character "
                    "(it has %(show_value)d).",
                    "Ensure this value has at most %(limit_value)d characters "
                    "(it has %(show_value)d).",
                    n,
                )
                assert KHMER.search(text)


# --- the pages -----------------------------------------------------------------------------


def _visible(html: str) -> str:
    """The text a reader meets: body text and accessible labels, without scripts."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    labels = " ".join(re.findall(r'(?:aria-label|title|placeholder)="([^"]*)"', html))
    return re.sub(r"<[^>]+>", " ", html) + " " + labels


# Vietnamese a translated page may still show: the switcher's own name for Vietnamese, and
# proper names kept as they are.
KEPT = ("Tiếng Việt", "Sóc Ruộng", "Long Đức", "Vĩnh Long", "Luật Tố cáo", "Luật Khiếu nại")
STATIC_PAGES = (
    "/cong-dan/",
    "/cong-dan/gui/",
    "/tra-cuu/",
    "/cong-dan/tra-loi/",
    "/cong-dan/thong-ke/",
    "/cong-dan/dang-nhap/",
)
HEADINGS = {
    "/cong-dan/": "Gửi ý kiến đến chính quyền, theo dõi và đánh giá câu trả lời",
    "/cong-dan/gui/": "Gửi phản ánh, kiến nghị, khiếu nại, tố cáo",
}
ENGLISH = {
    "/cong-dan/": "Write to the authorities",
    "/cong-dan/gui/": "Send a report, recommendation, complaint or denunciation",
}


@pytest.mark.django_db
class PageTests:
    @pytest.mark.parametrize("url", list(HEADINGS))
    def test_khmer_pages(self, client, url):
        client.cookies["danvan_language"] = "km"
        page = client.get(url).content.decode()
        assert '<html lang="km">' in page
        assert len(KHMER.findall(_visible(page))) > 100
        assert HEADINGS[url] not in page

    @pytest.mark.parametrize("url", list(HEADINGS))
    def test_english_pages(self, client, url):
        client.cookies["danvan_language"] = "en"
        page = client.get(url).content.decode()
        assert '<html lang="en">' in page
        assert ENGLISH[url] in page
        assert HEADINGS[url] not in page
        assert not KHMER.search(page.replace("ភាសាខ្មែរ", ""))

    @pytest.mark.parametrize("language", LANGUAGES)
    @pytest.mark.parametrize("url", STATIC_PAGES)
    def test_no_vietnamese_is_left_on_a_translated_page(self, client, url, language):
        """Catches a string someone forgot to mark for translation."""
        client.cookies["danvan_language"] = language
        text = _visible(client.get(url).content.decode())
        for kept in KEPT:
            text = text.replace(kept, "")
        left = {w for w in re.findall(r"\w+", text) if VIETNAMESE.search(w)}
        assert left == set(), url


KHMER_NUMBERS = ["សូន្យ", "មួយ", "ពីរ", "បី", "បួន", "ប្រាំ", "ប្រាំមួយ", "ប្រាំពីរ", "ប្រាំបី", "ប្រាំបួន"]
ENGLISH_NUMBERS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
QUESTIONS = {
    "km": (re.compile(r"សំណួរផ្ទៀងផ្ទាត់៖ (\S+) (បូក|ដក) (\S+) ស្មើនឹងប៉ុន្មាន\?"), KHMER_NUMBERS, "បូក"),
    "en": (
        re.compile(r"Check question: What is (\w+) (plus|minus) (\w+)\?"), ENGLISH_NUMBERS, "plus"
    ),
}  # fmt: skip


class CheckQuestionTests:
    @pytest.mark.parametrize("language", LANGUAGES)
    def test_the_question_is_asked_and_answered_in_the_chosen_language(
        self, client, world, language
    ):
        from danvan.petitions.models import Petition

        pattern, numbers, plus = QUESTIONS[language]
        client.cookies["danvan_language"] = language
        page = client.get("/cong-dan/gui/").content.decode()
        question = pattern.search(page)
        assert question, page
        a, b = numbers.index(question.group(1).lower()), numbers.index(question.group(3))
        answer = a + b if question.group(2) == plus else a - b
        token = re.search(r'name="captcha_token" value="([^"]+)"', page).group(1)
        data = submission(world, captcha_token=token, captcha_answer=str(answer))
        assert client.post("/cong-dan/gui/", data).status_code == 302
        assert Petition.objects.get().language == language

    def test_a_wrong_answer_is_explained_in_khmer(self, client, world):
        client.cookies["danvan_language"] = "km"
        page = client.get("/cong-dan/gui/").content.decode()
        token = re.search(r'name="captcha_token" value="([^"]+)"', page).group(1)
        data = submission(world, captcha_token=token, captcha_answer="99", email="x@")
        response = client.post("/cong-dan/gui/", data)
        assert response.status_code == 400
        text = response.content.decode()
        assert "ចម្លើយនៃសំណួរផ្ទៀងផ្ទាត់មិនទាន់ត្រឹមត្រូវទេ" in text
        assert "សូមបញ្ចូលអាសយដ្ឋានអ៊ីមែលដែលត្រឹមត្រូវ។" in text  # Django's own, in Khmer


@pytest.mark.django_db
class TrackingTests:
    def test_a_case_is_followed_in_khmer(self, client, world):
        from danvan.petitions.models import Petition

        assert client.post("/cong-dan/gui/", submission(world)).status_code == 302
        code = Petition.objects.get().tracking_code
        client.cookies["danvan_language"] = "km"
        page = client.get(f"/tra-cuu/{code}/").content.decode()
        assert "ការរាយការណ៍" in page  # the kind
        assert "ចរាចរណ៍" in page  # the field (giao_thong)
        assert "បានទទួល កំពុងរង់ចាំការចាត់ថ្នាក់" in page  # the state
        assert "Đã tiếp nhận" not in page
        missing = client.get("/tra-cuu/", {"code": "ZZZZZ-99999"}).content.decode()
        assert "រកមិនឃើញសំណុំរឿងដែលមានលេខកូដនេះទេ" in missing
