"""Guards that protect residents: migrations, page structure, translations."""

import re
import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from tests.factories import SubmissionFactory

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"


@pytest.mark.django_db
def test_no_missing_migrations():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def _public_pages(client):
    SubmissionFactory(token="guard-token-0123456789abcdefghijklmnop")
    token = "guard-token-0123456789abcdefghijklmnop"
    pages = {}
    for language in ("en", "es"):
        with translation.override(language):
            urls = [
                reverse("public:start"),
                reverse("public:apply"),
                reverse("public:how_we_decide"),
                reverse("public:checking", kwargs={"token": token}),
                reverse("staff:login"),
                f"/{language}/no-such-page/",
            ]
        for url in urls:
            pages[url] = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    # Every step of the questionnaire, and a step with errors.
    about = client.post(reverse("public:apply"), {})["Location"]
    pages["about with errors"] = client.post(about, {})
    pages["about"] = client.get(about)
    details = {"full_name": "Ana", "date_of_birth": "1990-01-01", "address": "1 Main St"}
    cases = client.post(about, details)["Location"]
    pages["cases"] = client.get(cases)
    pages["case"] = client.get(client.post(cases, {"action": "add_case"})["Location"])
    return pages


@pytest.mark.django_db
def test_every_public_page_has_exactly_one_h1(client):
    for url, response in _public_pages(client).items():
        assert response.status_code in (200, 404), url
        assert len(re.findall(r"<h1[\s>]", response.content.decode())) == 1, url


@pytest.mark.django_db
def test_the_result_and_staff_pages_have_exactly_one_h1(
    client, staff_client, eager_celery, django_capture_on_commit_callbacks
):
    from tests.factories import walk_journey

    with django_capture_on_commit_callbacks(execute=True):
        posted = walk_journey(staff_client)
    result = staff_client.get(posted["Location"], follow=True)
    submission_pk = result.context["submission"].pk
    for response in [
        result,
        staff_client.get(reverse("staff:submission_list")),
        staff_client.get(reverse("staff:submission_detail", kwargs={"pk": submission_pk})),
    ]:
        assert len(re.findall(r"<h1[\s>]", response.content.decode())) == 1


def test_languages_are_named_in_their_own_language():
    assert dict(settings.LANGUAGES) == {"en": "English", "es": "Español"}


def test_spanish_is_compiled_and_translates():
    assert CATALOGUE.with_suffix(".mo").exists(), "run `make compilemessages` (make test does)"
    with translation.override("es"):
        assert translation.gettext("Check your record") == "Revise sus antecedentes"
        assert translation.pgettext("questionnaire", "Yes") == "Sí"
        assert translation.ngettext("%(counter)s submission", "%(counter)s submissions", 2) == "%(counter)s solicitudes"


@pytest.mark.skipif(not shutil.which("msgattrib"), reason="gettext is not installed")
@pytest.mark.parametrize("flag", ["--untranslated", "--only-fuzzy"])
def test_the_spanish_catalogue_is_complete(flag):
    out = subprocess.run(
        ["msgattrib", flag, "--no-obsolete", str(CATALOGUE)], capture_output=True, text=True, check=True
    )
    entries = [line for line in out.stdout.splitlines() if line.startswith("msgid ") and line != 'msgid ""']
    assert entries == [], f"{flag} entries in {CATALOGUE.name}: {entries}"


@pytest.mark.skipif(not shutil.which("xgettext"), reason="gettext is not installed")
def test_every_marked_string_is_in_the_catalogue(tmp_path):
    """Run makemessages on a copy of the code: nothing marked for translation may be missing."""
    import os
    import sys

    for folder in ("portal", "eligibility", "expunge", "residents", "staff", "templates", "locale", "static"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", "DEBUG": "true"}
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "es", "--no-location"],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
    )
    copy = tmp_path / "locale" / "es" / "LC_MESSAGES" / "django.po"
    out = subprocess.run(["msgattrib", "--untranslated", "--no-obsolete", str(copy)], capture_output=True, text=True)
    missing = [line for line in out.stdout.splitlines() if line.startswith("msgid ") and line != 'msgid ""']
    assert missing == [], f"strings not in the Spanish catalogue (run `make messages` and translate them): {missing}"


def test_no_template_comment_spans_lines():
    """Django's {# … #} comment ends at the line's end: one spread over two lines is printed
    on the page as text (the quick exit's comment was, in every page's header)."""
    spread = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "templates").rglob("*.html")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if "{#" in line and "#}" not in line.split("{#", 1)[1]
    ]
    assert not spread, spread


@pytest.mark.django_db
def test_no_page_shows_template_syntax(client):
    for url in ["/en/", "/es/", "/en/apply/", "/en/how-we-decide/"]:
        content = client.get(url).content.decode()
        assert "{#" not in content and "#}" not in content and "{%" not in content, url
