"""Case Search is linked where the resident's pages mention it, in English and Spanish."""

from __future__ import annotations

import pytest
from django.utils import translation

from expunge.templatetags.case_search import CASE_SEARCH_URL, link_case_search


def test_each_mention_is_a_link_that_says_it_opens_a_new_tab_and_the_rest_is_escaped():
    html = link_case_search("Check Maryland Judiciary Case Search <b>now</b>; Case Search shows it.")
    assert html.count(f'<a href="{CASE_SEARCH_URL}" target="_blank" rel="noopener noreferrer">') == 2
    assert ">Maryland Judiciary Case Search<span" in html and ">Case Search<span" in html
    assert "&lt;b&gt;now&lt;/b&gt;" in html
    assert "(opens in a new tab)" in html


def test_in_spanish_the_name_stays_and_the_hint_is_translated():
    with translation.override("es"):
        html = link_case_search("busque el caso en Maryland Judiciary Case Search.")
    assert f'<a href="{CASE_SEARCH_URL}"' in html and "(opens in a new tab)" not in html


def test_text_without_a_mention_is_only_escaped():
    assert link_case_search("No <mention> here") == "No &lt;mention&gt; here"


def test_the_cases_step_links_case_search(client, db):
    from tests.residents.test_journey import ABOUT, start

    cases = client.post(start(client), ABOUT)["Location"]
    page = client.get(cases).content.decode()
    assert f'<a href="{CASE_SEARCH_URL}"' in page


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_help_texts_that_mention_case_search_link_it(client, db, language):
    from tests.residents.test_journey import ABOUT, start

    cases = client.post(start(client, language), ABOUT)["Location"]
    case = client.post(cases, {"action": "add_case"})["Location"]
    page = client.get(case).content.decode()
    help_text = page.split('id="id_case_number_helptext"')[1].split("</div>")[0]
    assert f'<a href="{CASE_SEARCH_URL}" target="_blank"' in help_text
    assert "&lt;a" not in page  # linked, not escaped twice
