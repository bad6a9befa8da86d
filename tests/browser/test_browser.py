"""A resident and a staff member in a real browser: Playwright driving Debian's Chromium.

Never `playwright install`: the browser is /usr/bin/chromium from Debian's package.
Screenshots at phone width land in test-artifacts/ for a person to look at."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _allow_sync_orm_beside_playwright(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
    # still synchronous and safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 375, "height": 812}, accept_downloads=True, locale="en-US")
    page = context.new_page()
    yield page
    context.close()


def assert_accessible(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()


def checker(javascript: bool):
    """How a walk checks each page: axe (which runs as JavaScript in the page) where
    JavaScript runs; without it, a screenshot for a person to look at, as the walk without
    JavaScript proves the pages need none."""
    if javascript:
        return assert_accessible

    def screenshot(page, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}-nojs.png"), full_page=True)

    return screenshot


# What the resident sees, in each language: the walk picks choices by their visible label.
WORDS = {
    "en": {
        "start": "Start",
        "save": "Save and continue",
        "add_case": "Add a case",
        "continue": "Continue",
        "right": "These answers are right",
        "check": "Check my answers",
        "court": "District Court",
        "kind": "Possession of cannabis (marijuana)",
        "amount": "Less than 10 grams",
        "disposition": "Found guilty",
        "probation": "There was no probation",
        "results": "Your results",
        "download": "Download your petition packet (PDF)",
    },
    "es": {
        "start": "Comenzar",
        "save": "Guardar y continuar",
        "add_case": "Agregar un caso",
        "continue": "Continuar",
        "right": "Estas respuestas son correctas",
        "check": "Revisar mis respuestas",
        "court": "Tribunal de Distrito (District Court)",
        "kind": "Posesión de cannabis (marihuana)",
        "amount": "Menos de 10 gramos",
        "disposition": "Culpable: el tribunal lo condenó",
        "probation": "No hubo libertad condicional",
        "results": "Sus resultados",
        "download": "Descargar su paquete de petición (PDF)",
    },
}


class Resident:
    """Answers the questionnaire in a browser, with the mouse or with the keyboard only."""

    def __init__(self, page, language: str, check, keyboard: bool = False):
        self.page, self.words, self.check, self.keyboard = page, WORDS[language], check, keyboard

    def fill(self, selector: str, text: str) -> None:
        if self.keyboard:
            field = self.page.locator(selector)
            field.focus()
            if field.get_attribute("type") == "date":
                # A phone's date field is typed segment by segment: month, day, year.
                year, month, day = text.split("-")
                self.page.keyboard.type(f"{month}{day}{year}")
            else:
                self.page.keyboard.press("Control+A")
                self.page.keyboard.type(text)
        else:
            self.page.fill(selector, text)

    def choose(self, label: str) -> None:
        control = self.page.get_by_label(label)
        if self.keyboard:
            control.focus()
            self.page.keyboard.press("Space")
        else:
            control.check()
        assert control.is_checked()

    def press(self, name: str) -> None:
        button = self.page.get_by_role("button", name=name, exact=True)
        if self.keyboard:
            button.focus()
            with self.page.expect_navigation():
                self.page.keyboard.press("Enter")
        else:
            button.click()
        self.page.wait_for_load_state()

    def walk(self, shots: str) -> None:
        """From the start page to the results, checking every step on the way."""
        w, page = self.words, self.page
        page.get_by_role("link", name=w["start"]).click()
        self.check(page, f"{shots}-01-journey-start")
        self.press(w["start"])
        self.fill("#id_full_name", "José Núñez")
        self.fill("#id_date_of_birth", "2999-01-01")
        self.fill("#id_address", "100 N. Calvert St")
        self.press(w["save"])
        # A mistake: the summary at the top, and nothing typed is lost.
        assert page.locator("#error-summary").is_visible()
        assert page.input_value("#id_full_name") == "José Núñez"
        self.check(page, f"{shots}-02-about-error")
        self.fill("#id_date_of_birth", "1990-04-12")
        self.press(w["save"])
        self.check(page, f"{shots}-03-cases-empty")
        self.press(w["add_case"])
        self.check(page, f"{shots}-04-case")
        self.choose(w["court"])
        self.fill("#id_case_number", "419340011")
        self.press(w["save"])
        self.check(page, f"{shots}-05-charge")
        self.choose(w["kind"])
        self.choose(w["amount"])
        self.choose(w["disposition"])
        self.fill("#id_disposition_date", "05/10/2012")
        self.press(w["save"])
        self.check(page, f"{shots}-06-sentence")
        self.fill("#id_sentence_completed", "05/2012")
        self.choose(w["probation"])
        self.press(w["save"])
        self.check(page, f"{shots}-07-cases")
        self.press(w["continue"])
        self.check(page, f"{shots}-08-situation")
        self.choose_first("#id_pending_case_0")
        self.choose_first("#id_convictions_since_0")
        self.press(w["save"])
        self.check(page, f"{shots}-09-review")
        page.get_by_role("link", name=w["right"]).click()
        self.check(page, f"{shots}-10-consent")
        if self.keyboard:
            page.locator("#id_consent").focus()
            page.keyboard.press("Space")
        else:
            page.locator("#id_consent").check()
        self.press(w["check"])
        page.wait_for_url("**/result/")
        assert page.get_by_role("heading", level=1).inner_text() == w["results"]
        self.check(page, f"{shots}-11-result")

    def choose_first(self, selector: str) -> None:
        if self.keyboard:
            self.page.locator(selector).focus()
            self.page.keyboard.press("Space")
        else:
            self.page.locator(selector).check()


def test_a_resident_checks_their_record_and_downloads_the_packet(live_server, phone, eager_celery, pdftotext, tmp_path):
    page = phone
    page.goto(f"{live_server.url}/en/")
    assert_accessible(page, "01-start")
    Resident(page, "en", assert_accessible).walk("en")
    content = page.content()
    # The sentence end was a month and year: the engine asks a person rather than guess a day.
    assert "We need the date your sentence ended" in content or "The State should already have removed" in content
    page.get_by_role("link", name="How we decide").click()
    assert_accessible(page, "12-how-we-decide")
    page.go_back()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download your petition packet (PDF)").click()
    path = tmp_path / "packet.pdf"
    download_info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    text = subprocess.run([pdftotext, str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "José Núñez" in text and "419340011" in text


def test_the_whole_journey_with_the_keyboard_only(live_server, phone, eager_celery):
    phone.goto(f"{live_server.url}/en/")
    Resident(phone, "en", lambda page, name: None, keyboard=True).walk("keyboard")


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_the_resident_journey_in_spanish(live_server, browser, eager_celery, javascript):
    context = browser.new_context(
        viewport={"width": 375, "height": 812}, java_script_enabled=javascript, locale="es-ES"
    )
    page = context.new_page()
    # axe-core runs as JavaScript in the page, so it checks the JavaScript walk; the walk
    # without JavaScript proves the journey needs none.
    check = checker(javascript)
    try:
        page.goto(f"{live_server.url}/en/")
        page.get_by_role("button", name="Español").click()
        page.wait_for_url("**/es/")
        assert page.get_by_role("heading", level=1).inner_text() == "Elimine un antecedente de cannabis en Maryland"
        check(page, "es-00-start")
        Resident(page, "es", check).walk("es")
        assert "Descargar su paquete de petición (PDF)" in page.content()
    finally:
        context.close()


EMAIL_LINK = {
    "en": {"button": "Email me this link", "sent": "We are sending the link to your email address."},
    "es": {"button": "Enviarme este enlace por correo", "sent": "Le estamos enviando el enlace a su correo"},
}


@pytest.mark.parametrize(
    "language, javascript", [("en", True), ("es", False)], ids=["en-with-javascript", "es-without-javascript"]
)
def test_a_resident_emails_themselves_the_link_closes_the_browser_and_comes_back_from_the_email(
    live_server, browser, eager_celery, language, javascript, tmp_path
):
    import re

    from django.core import mail

    def phone_browser():
        return browser.new_context(
            viewport={"width": 375, "height": 812}, java_script_enabled=javascript, accept_downloads=True
        )

    check = checker(javascript)
    w, e = WORDS[language], EMAIL_LINK[language]
    context = phone_browser()
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/{language}/")
        Resident(page, language, lambda page, name: None).walk(f"email-link-{language}")
        # A wrong address first: explained, kept, nothing sent.
        page.fill("#id_email", "ana@")
        Resident(page, language, check).press(e["button"])
        assert page.locator("#id_email").input_value() == "ana@" and not mail.outbox
        check(page, f"email-link-{language}-01-wrong-address")
        page.fill("#id_email", "ana@example.org")
        Resident(page, language, check).press(e["button"])
        assert e["sent"] in page.locator("#email-link").inner_text()
        check(page, f"email-link-{language}-02-sent")
    finally:
        context.close()  # the browser is closed: no cookie, no tab, no history

    (message,) = mail.outbox
    assert message.to == ["ana@example.org"] and "José" not in message.body
    link = re.search(r"https?://\S+/result/", message.body).group(0)
    context = phone_browser()
    try:
        page = context.new_page()
        page.goto(link)
        assert page.get_by_role("heading", level=1).inner_text() == w["results"]
        with page.expect_download() as download_info:
            page.get_by_role("link", name=w["download"]).click()
        path = tmp_path / "packet.pdf"
        download_info.value.save_as(path)
        assert path.read_bytes().startswith(b"%PDF")
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_a_resident_removes_a_case_after_being_asked_and_undoes_it(live_server, browser, javascript):
    from tests.residents.test_remove_undo import TOKEN, make_two_cases

    make_two_cases()
    context = browser.new_context(viewport={"width": 375, "height": 812}, java_script_enabled=javascript)
    check = checker(javascript)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/en/apply/draft/{TOKEN}/cases/")
        resident = Resident(page, "en", check)
        resident.press("Remove case 2")
        assert page.get_by_role("alert").inner_text().startswith("Remove case 2 and its charge?")
        check(page, "remove-case-01-asked")
        resident.press("Yes, remove case 2")
        assert "You removed case 2 (4B02167750)." in page.locator("#removed").inner_text()
        assert page.get_by_role("heading", name="Case 2").count() == 0
        check(page, "remove-case-02-removed")
        resident.press("Undo")
        assert page.get_by_role("heading", name="Case 2: 4B02167750").count() == 1
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_switching_language_mid_step_keeps_what_was_typed(live_server, browser, javascript):
    context = browser.new_context(viewport={"width": 375, "height": 812}, java_script_enabled=javascript)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/en/apply/")
        resident = Resident(page, "en", lambda page, name: None)
        resident.press("Start")
        page.fill("#id_full_name", "Ana Díaz")
        page.fill("#id_address", "100 N. Calvert St")
        page.get_by_role("button", name="Español").click()
        page.wait_for_url("**/es/apply/draft/**/about/")
        assert page.input_value("#id_full_name") == "Ana Díaz"
        assert page.input_value("#id_address") == "100 N. Calvert St"
        if javascript:
            assert_accessible(page, "language-switch-kept-es")
    finally:
        context.close()


def test_the_results_page_prints_the_answer_without_what_only_works_on_a_screen(live_server, phone, eager_celery):
    from expunge.services.submissions import submission_check_eligibility
    from tests.factories import SubmissionFactory

    token = "print-token-1234567890abcdefghijklmnopqrstuvw"
    submission = SubmissionFactory(token=token)
    submission_check_eligibility(submission_id=submission.pk)
    page = phone
    page.goto(f"{live_server.url}/en/apply/{token}/result/")
    assert (
        page.locator(".quick-exit").is_visible() and page.get_by_role("button", name="Email me this link").is_visible()
    )
    page.emulate_media(media="print")
    assert not page.locator(".quick-exit").is_visible()
    assert not page.locator("header .language-switch").is_visible()
    assert not page.get_by_role("button", name="Email me this link").is_visible()
    assert page.get_by_role("heading", name="Your results").is_visible()
    assert page.locator(".private-link").is_visible() and token in page.locator(".private-link").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "result-printed.png"), full_page=True)


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_the_checking_page_updates_itself_only_as_the_reader_allows(live_server, browser, javascript):
    from expunge.services.submissions import submission_check_eligibility
    from tests.factories import SubmissionFactory

    token = "checking-browser-token-1234567890abcdefghij"
    submission = SubmissionFactory(token=token)
    context = browser.new_context(viewport={"width": 375, "height": 812}, java_script_enabled=javascript)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/en/apply/{token}/checking/")
        assert page.locator('meta[http-equiv="refresh"]').count() == 0
        if javascript:
            assert page.get_by_text("This page updates itself every few seconds.").is_visible()
            assert_accessible(page, "checking-updating")
            with page.expect_navigation():  # it reloads by itself
                pass
            page.get_by_role("button", name="Stop updating it").click()
            assert page.get_by_text("This page no longer updates itself.").is_visible()
            page.wait_for_timeout(3500)
            assert "/checking/" in page.url  # stopped: no reload
        else:
            assert not page.get_by_text("This page updates itself every few seconds.").is_visible()
            page.get_by_role("link", name="Update this page every 3 seconds").click()
            assert page.locator('meta[http-equiv="refresh"]').count() == 1
        submission_check_eligibility(submission_id=submission.pk)
        page.get_by_role("link", name="Check again now").click()
        page.wait_for_url("**/result/**")
        assert page.get_by_role("heading", level=1).inner_text() == "Your results"
    finally:
        context.close()


def test_every_admin_page_works_under_the_content_security_policy(live_server, browser, django_user_model, settings):
    """The admin (behind the second factor) keeps to the portal's CSP: no page of it has a
    script or style the browser refuses. Every changelist, its add page where there is one,
    and a change page of each kind of row."""
    from django.contrib import admin
    from django.test import Client, RequestFactory
    from django.urls import reverse

    from tests.conftest import verified_login
    from tests.factories import OrganisationFactory, SubmissionFactory

    superuser = django_user_model.objects.create_superuser("root", "root@example.org", "a long admin passphrase")
    OrganisationFactory()
    SubmissionFactory()
    client = verified_login(Client(), superuser)
    request = RequestFactory().get("/admin/")
    request.user = superuser
    urls = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls.append(reverse(f"{name}_changelist"))
        if model_admin.has_add_permission(request):
            urls.append(reverse(f"{name}_add"))
        first = model.objects.first()
        if first is not None:
            urls.append(reverse(f"{name}_change", args=[first.pk]))
    context = browser.new_context()
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    refused = []
    try:
        page = context.new_page()
        page.on(
            "console",
            lambda message: "Content Security Policy" in message.text and refused.append((page.url, message.text)),
        )
        for url in urls:
            response = page.goto(f"{live_server.url}{url}")
            assert response.status == 200, url
            assert page.url.endswith(url), url  # not sent to the login page
            assert response.headers["content-security-policy"]
        assert not refused, refused
        assert len(urls) > 10
    finally:
        context.close()


CONDITIONAL = {
    "en": {
        "assault": "Second-degree assault",
        "not_sure": "I'm not sure",
        "no": "No",
        "depends": "If the judge did not say it was domestic: you can file now.",
        "later": "If the judge said it was domestic: you can file from June 1, 2030.",
        "save_answer": "Save my answer",
    },
    "es": {
        "assault": "Agresión en segundo grado",
        "not_sure": "No estoy seguro",
        "no": "No",
        "depends": "Si el juez no dijo que fue doméstico: puede presentarla ahora.",
        "later": "Si el juez dijo que fue doméstico: puede presentarla a partir del 1 de junio de 2030.",
        "save_answer": "Guardar mi respuesta",
    },
}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_a_conditional_answer_is_settled_by_the_resident_and_the_packet_appears(
    live_server, browser, eager_celery, language, javascript
):
    """A 2015 assault conviction, "I'm not sure" whether the judge said it was domestic: the
    results give the answer both ways, the resident answers on the page, and the packet
    is made."""
    context = browser.new_context(
        viewport={"width": 375, "height": 812}, java_script_enabled=javascript, accept_downloads=True
    )
    page = context.new_page()
    check = checker(javascript)
    w, c = WORDS[language], CONDITIONAL[language]
    resident = Resident(page, language, check)
    shots = f"conditional-{language}"
    try:
        page.goto(f"{live_server.url}/{language}/apply/")
        resident.press(w["start"])
        resident.fill("#id_full_name", "Ana Díaz")
        resident.fill("#id_date_of_birth", "1980-04-12")
        resident.fill("#id_address", "100 N. Calvert St")
        resident.press(w["save"])
        resident.press(w["add_case"])
        resident.choose(w["court"])
        resident.fill("#id_case_number", "4B02167750")
        resident.press(w["save"])
        resident.choose(c["assault"])
        resident.choose(w["disposition"])
        resident.fill("#id_disposition_date", "06/01/2015")
        resident.press(w["save"])
        resident.fill("#id_sentence_completed", "06/01/2015")
        resident.choose(w["probation"])
        resident.press(w["save"])
        assert page.url.endswith("/facts/")
        check(page, f"{shots}-01-facts")
        resident.choose(c["not_sure"])
        resident.press(w["save"])
        resident.press(w["continue"])
        resident.choose_first("#id_pending_case_0")
        resident.choose_first("#id_convictions_since_0")
        resident.press(w["save"])
        page.get_by_role("link", name=w["right"]).click()
        page.locator("#id_consent").check()
        resident.press(w["check"])
        page.wait_for_url("**/result/**")
        content = page.content()
        assert c["depends"] in content and c["later"] in content
        assert w["download"] not in content
        check(page, f"{shots}-02-result-conditional")
        page.locator("#charge-0-0").get_by_label(c["no"], exact=True).check()
        resident.press(c["save_answer"])
        page.wait_for_url("**/result/**")
        content = page.content()
        assert c["depends"] not in content
        assert page.get_by_role("link", name=w["download"]).is_visible()
        check(page, f"{shots}-03-result-settled")
    finally:
        context.close()


@pytest.fixture
def alice_and_a_submission(eager_celery, django_user_model, client, supervisor):
    """Made before the browser starts: ORM calls made while Playwright's event loop runs
    open connections in another context, which would outlive the test database. Alice
    is a reviewer of the organisation that serves Baltimore City (conftest)."""
    from expunge.models import Organisation, StaffMembership
    from tests.factories import walk_journey

    walk_journey(client)
    from django_otp.plugins.otp_totp.models import TOTPDevice

    staff = django_user_model.objects.create_user(username="alice", password="correct horse battery staple")
    StaffMembership.objects.create(user=staff, organisation=Organisation.objects.get(), role="reviewer")
    device = TOTPDevice.objects.create(user=staff, name="phone")
    return device.bin_key


def test_a_reviewer_logs_in_with_the_second_factor_reviews_corrects_and_downloads(
    live_server, alice_and_a_submission, browser
):
    from django_otp.oath import TOTP

    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/staff/")
        assert "/staff/login/" in page.url
        assert_accessible(page, "07-staff-login")
        page.fill("#id_username", "alice")
        page.fill("#id_password", "correct horse battery staple")
        page.fill("#id_otp_token", f"{TOTP(alice_and_a_submission).token():06d}")
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{live_server.url}/staff/")
        assert_accessible(page, "08-staff-list")

        # Filter the queue.
        page.fill("#id_q", "419340011")
        page.select_option("#id_outcome", "automatically_expunged")
        page.get_by_role("button", name="Filter").click()
        page.wait_for_url("**/staff/?**")
        assert_accessible(page, "08-staff-list-filtered")
        page.get_by_role("link", name="José Núñez").click()
        assert "automatically_expunged" in page.content()
        assert_accessible(page, "09-staff-detail")

        with page.expect_download() as download_info:
            page.get_by_role("listitem").filter(has_text="Whole packet").get_by_role("link", name="Download").click()
        assert Path(download_info.value.path()).read_bytes().startswith(b"%PDF")

        # Correct a date against the court record: the sentence is not over until 2027,
        # so the result changes and no petition is offered any more.
        page.fill("#id_case", "1")
        page.fill("#id_charge", "1")
        page.select_option("#id_field", "charge.sentence_completed")
        page.fill("#id_value", "01/01/2027")  # as people write dates
        page.check("#id_verified")  # the correction's (the form for other cases has its own)
        page.get_by_role("button", name="Save the correction").click()
        page.wait_for_load_state()
        content = page.content()
        assert "Correction saved" in content
        assert "cannabis_possession_sentence_not_complete" in content
        assert "Jan. 1, 2027" in content
        assert_accessible(page, "10-staff-detail-corrected")

        # A case still open elsewhere, found on Case Search: no petition at all.
        page.select_option("#id_other_disposition", "pending")
        page.fill("#id_other_statute", "CR 5-601")
        page.get_by_role("button", name="Add the case").click()
        page.wait_for_load_state()
        content = page.content()
        assert "other cases were saved" in content
        assert "pending_case_bar" in content
        assert_accessible(page, "10-staff-detail-other-case")
    finally:
        context.close()


@pytest.fixture
def a_supervisor_and_a_queue(django_user_model, organisation):
    """Sam, a supervisor with an authenticator, Alice, a reviewer, and three people in the
    queue (made before the browser starts, like alice_and_a_submission)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from expunge.models import StaffMembership
    from tests.factories import SubmissionFactory, journey_answers, staff_member

    sam = staff_member("sam", organisation, StaffMembership.Role.SUPERVISOR)
    staff_member("alice", organisation)
    for name, number in [("José Peña", "03-K-19-001234"), ("Peter Pena", "03-K-19-004321"), ("Keisha Williams", "")]:
        SubmissionFactory(answers=journey_answers(full_name=name, case_number=number))
    return TOTPDevice.objects.create(user=sam, name="phone").bin_key


def log_in(page, live_server, username: str, key: bytes) -> None:
    """A member of staff logs in with their password and their authenticator's code."""
    from django_otp.oath import TOTP

    page.goto(f"{live_server.url}/staff/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "correct horse battery staple")
    page.fill("#id_otp_token", f"{TOTP(key).token():06d}")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/staff/")


def test_a_supervisor_searches_the_queue_and_assigns_in_bulk(live_server, a_supervisor_and_a_queue, browser):

    page = browser.new_page()
    try:
        log_in(page, live_server, "sam", a_supervisor_and_a_queue)

        # Without the accent, in any case: both Peñas and Penas, and nobody else.
        page.fill("#id_q", "PENA")
        page.select_option("#id_sort", "name")
        page.get_by_role("button", name="Filter").click()
        page.wait_for_url("**/staff/?**")
        rows = page.locator("tbody tr")
        assert rows.count() == 2
        assert [rows.nth(i).get_by_role("link").inner_text() for i in range(2)] == ["José Peña", "Peter Pena"]
        assert_accessible(page, "14-staff-queue-searched")

        page.get_by_role("checkbox").first.check()
        page.get_by_role("checkbox").nth(1).check()
        page.select_option("#id_bulk-assignee", label="alice")
        page.get_by_role("button", name="Assign", exact=True).click()
        page.wait_for_load_state()
        assert "Assigned 2 submissions" in page.content()
        assert "q=PENA" in page.url  # back to the same search
        assert rows.filter(has_text="alice").count() == 2
        assert_accessible(page, "15-staff-queue-assigned")

        # A case number typed without its dashes.
        page.fill("#id_q", "03K19004321")
        page.get_by_role("button", name="Filter").click()
        page.wait_for_load_state()
        assert page.locator("tbody tr").count() == 1 and "Peter Pena" in page.content()
    finally:
        page.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_the_quick_exit_leaves_and_with_javascript_back_does_not_return_to_the_page(live_server, browser, javascript):
    context = browser.new_context(viewport={"width": 375, "height": 812}, java_script_enabled=javascript)
    # No network here: the neutral site is answered by the browser itself.
    context.route("https://www.weather.gov/**", lambda route: route.fulfill(body="<title>Weather</title>"))
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/en/")
        page.goto(f"{live_server.url}/en/how-we-decide/")
        page.get_by_role("link", name="Leave this site quickly").click()
        page.wait_for_url("https://www.weather.gov/**")
        page.go_back()
        page.wait_for_load_state()
        if javascript:
            assert not page.url.endswith("/how-we-decide/")  # the page left was taken out of the history
        else:
            assert page.url.endswith("/how-we-decide/")  # a plain link: it still leaves
    finally:
        context.close()


def test_chromium_is_debians(chromium_path):
    assert os.path.realpath(chromium_path).startswith("/usr/")


def test_the_locked_out_page_is_accessible(live_server, alice_and_a_submission, browser, settings):
    context = browser.new_context()
    page = context.new_page()
    try:
        for _ in range(settings.AXES_FAILURE_LIMIT + 1):
            page.goto(f"{live_server.url}/staff/login/")
            page.fill("#id_username", "alice")
            page.fill("#id_password", "wrong password")
            page.fill("#id_otp_token", "000000")
            page.get_by_role("button", name="Log in").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Login locked"
        assert_accessible(page, "13-staff-locked-out")
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_a_supervisor_imports_court_records_watches_progress_and_downloads(
    live_server, a_supervisor_and_a_queue, browser, tmp_path, settings, monkeypatch, javascript
):
    """No worker here: the test does the workers' part step by step (read, then a chunk at
    a time), and the page, which refreshes itself (no JavaScript needed), shows each step.
    axe-core runs as JavaScript in the page: it checks the pages in the JavaScript run."""

    from expunge.models import Batch
    from expunge.services import batches
    from tests.batches.samples import THREE_TABLES

    settings.BATCH_CHUNK_PEOPLE = 1
    monkeypatch.setattr(batches.read_batch, "apply_async", lambda *args, **kwargs: None)
    monkeypatch.setattr(batches.decide_batch_chunk, "apply_async", lambda *args, **kwargs: None)
    paths = []
    for name, content in THREE_TABLES:
        (tmp_path / name).write_bytes(content)
        paths.append(str(tmp_path / name))
    context = browser.new_context(
        viewport={"width": 375, "height": 812}, java_script_enabled=javascript, accept_downloads=True
    )
    page = context.new_page()
    check = checker(javascript)
    try:
        log_in(page, live_server, "sam", a_supervisor_and_a_queue)
        page.get_by_role("link", name="Court records for many people (import)").click()
        check(page, "16-staff-batches")

        # A wrong file first: refused, naming the file and the column.
        (tmp_path / "wrong.csv").write_bytes(b"CaseID,PartyID,Docket\n1,2,3\n")
        page.set_input_files("#id_files", str(tmp_path / "wrong.csv"))
        page.get_by_role("button", name="Import").click()
        assert 'wrong.csv has no column "Case Number"' in page.inner_text("main")
        check(page, "17-staff-batches-refused")

        page.set_input_files("#id_files", paths)
        page.fill("#id_as_of", "12/01/2026")
        page.get_by_role("button", name="Import").click()
        page.wait_for_url("**/staff/batches/*/")
        assert "Reading the files" in page.inner_text("main")
        check(page, "18-staff-batch-progress")
        batch = Batch.objects.get()
        # Refreshing itself only when asked (axe: a page that reloads on its own is not
        # accessible); from here on it reloads every 5 seconds.
        page.get_by_role("link", name="Refresh it every 5 seconds").click()
        page.wait_for_url("**/staff/batches/*/?auto=1", wait_until="load")

        batches.batch_read(batch_id=batch.pk)
        page.wait_for_event("load", timeout=15_000)  # the page refreshes itself
        assert "0% decided: 0 of 2 people" in page.inner_text("main")
        first, second = batches.chunk_ranges(batch)
        batches.batch_decide_chunk(batch_id=batch.pk, first=first[0], last=first[1])
        page.wait_for_event("load", timeout=15_000)
        assert "50% decided: 1 of 2 people" in page.inner_text("main")
        page.get_by_role("link", name="Stop refreshing").click()
        check(page, "19-staff-batch-half-decided")
        page.get_by_role("link", name="Refresh it every 5 seconds").click()
        page.wait_for_url("**/staff/batches/*/?auto=1", wait_until="load")
        batches.batch_decide_chunk(batch_id=batch.pk, first=second[0], last=second[1])
        page.wait_for_event("load", timeout=15_000)
        assert "The counts add up" in page.inner_text("main")
        check(page, "20-staff-batch-summary")

        with page.expect_download() as download:
            page.get_by_role("link", name="Download the charges (CSV)").click()
        lines = Path(download.value.path()).read_text().splitlines()
        assert lines[0].startswith("party_id,name,date_of_birth,case_number") and len(lines) == 5

        page.get_by_role("link", name="People to review").click()
        check(page, "21-staff-batch-people")
        page.get_by_role("link", name="DOE, JANE").click()
        assert "The statute and the description name different offences." in page.inner_text("main")
        check(page, "22-staff-batch-person")
    finally:
        context.close()
