"""Voor je post and the templates staff ask for: made from the guidelines and the data, so they cannot drift.

The checklists come from the guidelines' `before_posting` front matter; each question links to a heading of its rule,
a box ticks without JavaScript, and each checklist prints on one A4 with a PDF of its own. The account request, the
moderation log and the house rules to paste show the data they are made of."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import build, edit, heading_text, text_of

from handreiking import built_check
from handreiking.loading import load_site_data
from handreiking.sources import ContentErrors

CHECKLISTS = {
    "officieel": "voor-je-post/officieel-account/",
    "persoonlijk": "voor-je-post/persoonlijk-account/",
}
CHECKLIST_PDFS = {
    "officieel": "handreiking-sociale-media-voor-je-post-officieel-account.pdf",
    "persoonlijk": "handreiking-sociale-media-voor-je-post-persoonlijk-account.pdf",
}


def checklist_items(guidelines: dict[str, dict], account: str) -> list[tuple[str, str, str]]:
    """(question, guideline, rule) of one checklist, read straight from the front matter."""
    return [
        (entry["item"], page, entry["rule"])
        for page, meta in guidelines.items()
        for entry in meta.get("before_posting", [])
        if entry["account"] in (account, "beide")
    ]


def refused(project: Path) -> list[str]:
    """The Dutch messages with which loading the project's data and pages stops; it must stop."""
    with pytest.raises(ContentErrors) as raised:
        load_site_data(project, project / "docs")
    return [str(problem) for problem in raised.value.problems]


# --- The checklists on the site -----------------------------------------------------------------------------------


@pytest.mark.parametrize("account", CHECKLISTS)
def test_each_question_of_the_guidelines_is_on_its_checklist_with_a_box_and_a_link_to_its_rule(
    site, guidelines, account
):
    page = site.page(CHECKLISTS[account])
    rows = page.select("ul.hr-checklist > li")
    expected = checklist_items(guidelines, account)
    assert len(expected) >= 5
    assert [text_of(row.label) for row in rows] == [question for question, _, _ in expected]
    for row, (question, guideline, rule) in zip(rows, expected, strict=True):
        box = row.find("input")
        assert box["type"] == "checkbox" and row.label["for"] == box["id"], question
        assert set(box.attrs) == {"type", "id"}, "nothing is sent or kept: no name, value or form"
        link = row.find("a", class_="hr-checklist__rule")
        assert link["href"].endswith(f"/{Path(guideline).stem}/#{rule}"), link["href"]
        # The rule exists: the guideline as built has a heading with that id, and the link names it.
        rule_heading = site.page(guideline.removesuffix(".md") + "/").find(id=rule)
        assert rule_heading is not None and rule_heading.name in ("h2", "h3", "h4"), (guideline, rule)
        assert link.get_text().endswith(heading_text(rule_heading)), (link.get_text(), heading_text(rule_heading))


def test_a_question_for_both_accounts_is_on_both_checklists(site, guidelines):
    both = [
        entry["item"]
        for meta in guidelines.values()
        for entry in meta.get("before_posting", [])
        if entry["account"] == "beide"
    ]
    assert both, "at least one question is asked before every post"
    for path in CHECKLISTS.values():
        labels = [text_of(label) for label in site.page(path).select("ul.hr-checklist label")]
        assert set(both) <= set(labels), path


# --- What an editor sees when a question points nowhere -------------------------------------------------------------


def test_a_question_whose_rule_is_not_a_heading_stops_the_build_with_the_page_and_line(project):
    line = edit(project, "docs/richtlijnen/persoonlijk-gebruik.md", "rule: wat-mag-niet", "rule: wat-mag-nit")
    messages = refused(project)
    assert len(messages) == 1, messages
    assert messages[0].startswith(
        f"docs/richtlijnen/persoonlijk-gebruik.md, regel {line}: 'wat-mag-nit' is geen titel op deze pagina, "
        "dus de vraag 'Heb je vertrouwelijke informatie weggelaten, ook als hint?' kan niet naar haar regel linken. "
        "Bedoelde je 'wat-mag-niet'?"
    ), messages[0]
    assert "Traceback" not in messages[0]


def test_a_question_that_is_not_a_question_is_refused_by_the_schema(project):
    line = edit(
        project,
        "docs/richtlijnen/persoonlijk-gebruik.md",
        '"Heb je ons logo en onze huisstijl van je eigen account gehouden?"',
        "Gebruik ons logo niet",
    )
    messages = refused(project)
    assert any(
        message.startswith(f"docs/richtlijnen/persoonlijk-gebruik.md, regel {line}: 'Gebruik ons logo niet' heeft niet")
        and "begint met 'Heb je'" in message
        for message in messages
    ), messages


def test_a_renamed_heading_stops_the_build_until_the_question_follows(project):
    """The checklist cannot drift: rename the rule's heading and the build names the question that pointed to it."""
    edit(project, "docs/richtlijnen/auteursrecht-en-portretrecht.md", "## Mensen in beeld", "## Mensen op een foto")
    assert any("'mensen-in-beeld' is geen titel op deze pagina" in message for message in refused(project))


# --- The boxes, in a browser without JavaScript --------------------------------------------------------------------


def test_the_boxes_tick_without_javascript(served, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served + CHECKLISTS["officieel"])
    boxes = page.locator("ul.hr-checklist input[type=checkbox]")
    assert boxes.count() >= 5
    assert not boxes.nth(0).is_checked()
    page.locator("ul.hr-checklist label").nth(0).click()  # the question itself is what a reader taps
    boxes.nth(1).click()
    assert boxes.nth(0).is_checked() and boxes.nth(1).is_checked() and not boxes.nth(2).is_checked()
    context.close()


NEW_PAGES = [
    "voor-je-post/",
    *CHECKLISTS.values(),
    "modellen/",
    "modellen/account-aanvragen/",
    "modellen/logboek-moderatie/",
    "modellen/huisregels/",
]


def test_the_new_pages_fit_a_phone(served, browser):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=1, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    too_wide = {}
    for path in NEW_PAGES:
        page.goto(served + path, wait_until="load")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            too_wide[path] = width
    context.close()
    assert not too_wide, too_wide


# --- On paper --------------------------------------------------------------------------------------------------------


def _require_poppler() -> None:
    if shutil.which("pdftotext") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("poppler-utils is required in CI")
        pytest.skip("poppler-utils is not installed")


@pytest.mark.parametrize("account", CHECKLISTS)
def test_each_checklist_is_one_a4_page_with_every_question(handouts, guidelines, account):
    _require_poppler()
    from pypdf import PdfReader

    path = handouts[CHECKLIST_PDFS[account]]
    reader = PdfReader(str(path))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (210, 297)
    text = " ".join(
        subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    for question, _, _ in checklist_items(guidelines, account):
        assert question in text, question


def test_the_checklists_are_offered_for_printing(site):
    links = site.page("afdrukken/").select("ul.hr-downloads a[download]")
    assert set(CHECKLIST_PDFS.values()) <= {Path(a["href"]).name for a in links}


# --- The templates staff ask for ------------------------------------------------------------------------------------


def test_the_templates_show_the_data_they_are_made_of(site, data):
    rules = data["house_rules"]["rules"]
    paste = text_of(site.page("modellen/huisregels/").select_one("pre.hr-paste"))
    guideline = site.page("richtlijnen/reacties-en-huisregels/").select("ol.hr-house-rules > li")
    assert [text_of(item) for item in guideline][:2] == [rule["text"] for rule in rules][:2]
    for number, rule in enumerate(rules, start=1):
        assert f"{number}. {rule['text']}" in paste, rule["id"]
    log = site.page("modellen/logboek-moderatie/")
    assert [text_of(li) for li in log.select("ol.hr-log__rules > li")] == [rule["name"] for rule in rules]
    actions = [a["name"] for a in data["reaction_scheme"]["actions"]]
    assert [text_of(li) for li in log.select("ul.hr-log__actions > li")] == [
        f"{chr(ord('A') + i)} {name}" for i, name in enumerate(actions)
    ]
    assert [text_of(th) for th in log.select("table.hr-log thead th")] == [
        "Nr.",
        "Datum en uur",
        "Link naar de post of de reactie",
        "Huisregel (nummer)",
        "Actie (letter)",
        "Waarom",
        "Initialen",
    ]
    request = text_of(site.page("modellen/account-aanvragen/").select_one(".hr-form"))
    task = next(t for t in data["roles"]["tasks"] if t["id"] == "account-aanmaken")
    names = {role["id"]: role["name"] for role in data["roles"]["roles"]}
    for role_id in (*task["consulted"], task["accountable"], *task["informed"]):
        assert names[role_id][:1].upper() + names[role_id][1:] in request, role_id
    for channel in data["channels"]["channels"]:
        assert channel["name"] in request, channel["id"]
    for status in ("Gepland", "Actief", "Slapend", "Opgeheven"):
        assert status in request


def test_a_changed_house_rule_changes_the_guideline_and_the_paste_text(project):
    old = "Blijf beleefd. Reacties met scheldwoorden of beledigingen verbergen of verwijderen we."
    new = "Blijf beleefd, ook als je boos bent. Reacties met scheldwoorden verbergen of verwijderen we."
    edit(project, "data/house_rules.yml", old, new)
    result = build(project)
    assert result.returncode == 0, result.output
    guideline = [
        text_of(li) for li in result.page("richtlijnen/reacties-en-huisregels/").select("ol.hr-house-rules > li")
    ]
    assert guideline[1] == new
    assert f"2. {new}" in text_of(result.page("modellen/huisregels/").select_one("pre.hr-paste"))


# --- The wall lets a plain box through, and nothing more ------------------------------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        '<input type="checkbox" id="x">',
        '<input type="checkbox" id="x" class="y"><label for="x">Heb je?</label>',
    ],
)
def test_a_plain_checkbox_passes_the_wall(html):
    assert built_check.fragment_findings(html) == []


@pytest.mark.parametrize(
    "html",
    [
        '<input type="text" id="x">',
        '<input id="x">',
        '<input type="checkbox" name="keuze">',
        '<input type="checkbox" form="elders">',
        '<input type="checkbox" checked>',
        '<input type="checkbox" value="ja">',
        '<input type="checkbox" onchange="alert(1)">',
        '<input type="checkbox" formaction="https://example.org/">',
        '<label for="x" onclick="alert(1)">Heb je?</label>',
    ],
)
def test_any_other_input_is_refused_by_the_wall(html):
    assert built_check.fragment_findings(html), html


def test_a_question_on_a_page_that_is_not_a_guideline_is_refused(project):
    line = edit(
        project,
        "docs/voor-je-post/index.md",
        "search:",
        'before_posting:\n  - account: beide\n    item: "Heb je alles gelezen?"\n    rule: voor-je-post\nsearch:',
    )
    assert refused(project) == [
        f"docs/voor-je-post/index.md, regel {line}: alleen een richtlijn in docs/richtlijnen/ kan vragen voor de lijsten "
        "Voor je post hebben. Zet de vraag bij de richtlijn waar haar regel staat."
    ]
