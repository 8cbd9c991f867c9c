"""The reactieschema a webcare colleague follows at 22:00 on a phone: the cases it handles, one question at a time
without scripts, the words to use, outside office hours, on one sheet, and the build's checks of the graph."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from conftest import checked, edit, text_of

STEPS = "overzichten/reactieschema-stap-voor-stap/"


def scheme_paths(scheme: dict) -> list[tuple[list[tuple[str, str]], str]]:
    """Every way through the scheme, read straight from the YAML: [(question id, 'j'/'n')], and its action."""
    questions = {q["id"]: q for q in scheme["questions"]}
    found = []

    def walk(node, path):
        if node not in questions:
            found.append((path, node))
            return
        walk(questions[node]["if_yes"], [*path, (node, "j")])
        walk(questions[node]["if_no"], [*path, (node, "n")])

    walk(scheme["start"], [])
    return found


def first_action(scheme: dict, question_id: str) -> dict:
    """The action a question's 'ja' leads to."""
    target = next(q for q in scheme["questions"] if q["id"] == question_id)["if_yes"]
    return next(a for a in scheme["actions"] if a["id"] == target)


# --- The graph ------------------------------------------------------------------------------------------------


def test_the_scheme_is_a_graph_with_a_shared_node_and_every_path_ends_in_an_action(data):
    scheme = data["reaction_scheme"]
    parents: dict[str, set[str]] = {}
    for question in scheme["questions"]:
        for key in ("if_yes", "if_no"):
            parents.setdefault(question[key], set()).add(question["id"])
    assert any(len(p) > 1 for node, p in parents.items() if node in {q["id"] for q in scheme["questions"]}), (
        "the check for errors is reached from more than one branch"
    )
    actions = {a["id"] for a in scheme["actions"]}
    paths = scheme_paths(scheme)
    assert paths and all(end in actions for _, end in paths)
    assert {end for _, end in paths} == actions


def test_a_person_in_distress_is_the_first_question_and_gets_112_and_1813_at_once(data):
    scheme = data["reaction_scheme"]
    action = first_action(scheme, scheme["start"])
    words = " ".join([action["what"], *action["answers"]])
    assert "112" in words and "1813" in words
    assert action["urgent"] is True
    assert "nooit" in action["what"].lower(), "never ignored or hidden"


def test_a_threat_has_its_own_branch_to_the_police(data):
    scheme = data["reaction_scheme"]
    second = next(q for q in scheme["questions"] if q["id"] == scheme["questions"][0]["if_no"])
    assert "bedreig" in second["question"].lower()
    action = first_action(scheme, second["id"])
    assert "politie" in action["what"].lower() and action["urgent"] is True


def test_crisis_journalist_accusation_and_threat_are_four_different_branches(data):
    scheme = data["reaction_scheme"]
    texts = {q["id"]: q["question"].lower() for q in scheme["questions"]}
    for word in ("bedreig", "crisis", "journalist", "beschuldig"):
        asked = [qid for qid, text in texts.items() if word in text]
        assert len(asked) == 1, (word, asked)
    outcomes = {
        first_action(scheme, qid)["id"]
        for qid, text in texts.items()
        if re.search("bedreig|crisis|journalist|beschuldig", text)
    }
    assert len(outcomes) == 4


def test_a_formal_complaint_or_request_is_sent_to_the_formal_route(data):
    scheme = data["reaction_scheme"]
    question = next(
        q
        for q in scheme["questions"]
        if "klacht" in q["question"].lower() and "openbaar" in (q["question"] + q.get("help", "")).lower()
    )
    action = first_action(scheme, question["id"])
    words = " ".join([action["what"], *action["answers"]])
    assert "Vlaamse Ombudsdienst" in words
    assert "log" in action and action["log"]


def test_every_reply_is_preceded_by_the_question_how_many_people_see_it(data):
    scheme = data["reaction_scheme"]
    reach = [q for q in scheme["questions"] if q["id"].startswith("bereik")]
    assert reach
    escalations = {q["if_yes"] for q in reach}
    assert len(escalations) == 1
    replies = {q["if_no"] for q in reach}
    for question in scheme["questions"]:
        if question["id"].startswith("bereik"):
            continue
        for key in ("if_yes", "if_no"):
            assert question[key] not in replies, f"{question['id']} leads to a reply without asking about its reach"


def test_urgent_actions_name_the_on_call_colleague_and_the_house_rules_agree(site, data):
    scheme = data["reaction_scheme"]
    page = site.page("overzichten/reactieschema/")
    for action in scheme["actions"]:
        card = page.select_one(f"#actie-{action['id']}")
        facts = text_of(card.select_one("dl.hr-action-facts"))
        assert ("Buiten de kantooruren" in facts) is bool(action.get("urgent")), action["id"]
        shown = [" ".join(b.get_text().split()) for b in card.select("blockquote.hr-answer")]
        assert shown == [" ".join(answer.split()) for answer in action["answers"]]
        assert action["log"] in text_of(card)
    rules = " ".join(site.page("richtlijnen/reacties-en-huisregels/").select_one("article").get_text().split())
    assert scheme["office_hours"] in rules, "the house rules give the same office hours"
    assert " ".join(scheme["on_call"]["how"].split()) in rules, "and the same way to reach the on-call colleague"


# --- One question at a time -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def no_script(browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 780})
    yield context
    context.close()


def _visible_step(page):
    """The one step a reader sees (Playwright's :visible, asked once rather than step by step)."""
    steps = page.locator("section.hr-step:visible")
    assert steps.count() == 1, f"{steps.count()} steps shown"
    return steps.first


def step_id(answers: str) -> str:
    """The address of the step after these answers ('jn': yes, then no)."""
    return "stap-" + answers if answers else "stap"


# The steps a reader sees (what Playwright's :visible means), each with its address, its heading, its text and where
# its links go. An action is one step for every path that ends in it: the address is that of the path's own end.
SHOWN_STEPS = """steps => steps.filter(step => step.checkVisibility()).map(step => ({
    id: step.id || [...step.querySelectorAll('.hr-step__end')].filter(end => end.checkVisibility()).map(end => end.id).join(),
    heading: step.querySelector('h2').innerText,
    text: step.innerText.split(/\\s+/).join(' '),
    links: Object.fromEntries([...step.querySelectorAll('a')].filter(a => a.checkVisibility())
        .map(a => [a.innerText.trim(), a.getAttribute('href')])),
}))"""


def test_every_path_of_the_steps_ends_at_its_action_without_javascript(served, no_script, data):
    """Every step of every path (the answers so far are its address), opened as its link opens it: the step shows
    alone, asks its question with Ja and Nee leading to the next steps, or tells its action; each leads back one
    answer. So each path, followed link by link, ends at its action. A step that several paths share is opened
    once."""
    scheme = data["reaction_scheme"]
    questions = {q["id"]: q for q in scheme["questions"]}
    actions = {a["id"]: a for a in scheme["actions"]}
    roles = {r["id"]: r["name"] for r in data["roles"]["roles"]}
    steps: dict[str, str] = {}  # answers so far -> the question or action there
    for path, end in scheme_paths(scheme):
        answers = "".join(answer for _, answer in path)
        steps |= {answers[:i]: question_id for i, (question_id, _) in enumerate(path)} | {answers: end}
    page = no_script.new_page()
    page.goto(served + STEPS)
    for answers, node in steps.items():
        # A link to a step goes there: the same page, another target, no reload.
        page.goto(served + STEPS + "#" + step_id(answers))
        assert urlparse(page.url).fragment == step_id(answers)
        shown = page.locator("section.hr-step").evaluate_all(SHOWN_STEPS)
        assert [step["id"] for step in shown] == [step_id(answers)], f"{answers}: {len(shown)} steps shown"
        step = shown[0]
        if node in questions:
            assert step["heading"] == questions[node]["question"]
            assert step["links"]["Ja"] == "#" + step_id(answers + "j")
            assert step["links"]["Nee"] == "#" + step_id(answers + "n")
        else:
            action = actions[node]
            assert step["heading"] == f"Actie: {action['name']}"
            assert roles[action["role"]].lower() in step["text"].lower() and action["deadline"] in step["text"]
            assert " ".join(action["answers"][0].split()) in step["text"] and action["log"] in step["text"]
        if answers:
            assert step["links"]["Vorige vraag"] == "#" + step_id(answers[:-1])
    page.close()


def test_a_step_goes_back_and_works_by_keyboard(served, no_script):
    page = no_script.new_page()
    page.goto(served + STEPS)
    page.keyboard.press("Tab")
    for _ in range(60):  # to the first step's "Nee"
        if page.evaluate("document.activeElement && document.activeElement.textContent") == "Nee":
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert urlparse(page.url).fragment == "stap-n"
    _visible_step(page).get_by_role("link", name="Vorige vraag").click()
    assert urlparse(page.url).fragment == "stap"
    page.go_back()
    assert urlparse(page.url).fragment == "stap-n", "the browser's back button goes back one answer"
    page.close()


def test_the_steps_are_not_pages_in_the_menu_or_the_search_index(site):
    index = (site.site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "reactieschema-stap-voor-stap" not in index
    menu = site.page("overzichten/reactieschema/").select_one("nav.md-nav--primary")
    assert "stap voor stap" not in text_of(menu).lower()
    assert site.page(STEPS).select("section.hr-step"), "the step page exists"


def test_a_model_answer_can_be_copied(served, browser, data):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(served + "overzichten/reactieschema/", wait_until="networkidle")
    action = data["reaction_scheme"]["actions"][0]
    card = page.locator(f"#actie-{action['id']}")
    card.get_by_role("button", name="Kopieer dit antwoord").first.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    label = card.locator("button.hr-copy").first.inner_text()
    context.close()
    assert " ".join(copied.split()) == " ".join(action["answers"][0].split())
    assert label == "Gekopieerd"


# --- The build's checks ---------------------------------------------------------------------------------------


def test_a_cycle_stops_the_build_naming_the_loop(project, data):
    scheme = data["reaction_scheme"]
    last = scheme["questions"][-1]
    line = edit(project, "data/reaction_scheme.yml", f"    if_no: {last['if_no']}\n", f"    if_no: {scheme['start']}\n")
    result = checked(project)
    assert result.returncode != 0 and "Traceback" not in result.output
    assert re.search(
        rf"data/reaction_scheme\.yml, regel {line}: het schema loopt in een kring: {scheme['start']} → ", result.output
    )


def test_an_unreachable_action_stops_the_build(project, data):
    scheme = data["reaction_scheme"]
    text = (project / "data" / "reaction_scheme.yml").read_text(encoding="utf-8")
    text += "\n  - id: vergeten-actie\n    name: Vergeten\n    what: Niets.\n    role: webcare-medewerker\n    deadline: nooit\n    log: Niets.\n    answers: [Niets.]\n"
    (project / "data" / "reaction_scheme.yml").write_text(text, encoding="utf-8")
    result = checked(project)
    assert "'vergeten-actie' is vanuit de startvraag niet te bereiken" in result.output
    assert scheme["start"]


def test_an_action_without_role_deadline_or_model_answer_stops_the_build(project, data):
    action = data["reaction_scheme"]["actions"][0]
    edit(project, "data/reaction_scheme.yml", f"    deadline: {action['deadline']}\n", "")
    result = checked(project)
    assert "het verplichte veld 'deadline' ontbreekt" in result.output


@pytest.mark.parametrize("leftover", ["TODO", "XXX", "…", "{uur}", "[]"])
def test_a_model_answer_with_a_placeholder_left_in_stops_the_build(project, data, leftover):
    answer = data["reaction_scheme"]["actions"][0]["answers"][0]
    first, rest = answer.split(" ", 1)
    line = edit(project, "data/reaction_scheme.yml", f"{first} {rest[:30]}", f"{first} {leftover} {rest[:30]}")
    # The answer is a folded block ('- >-'): the problem names the line of its list item, just above the text.
    lines = (project / "data" / "reaction_scheme.yml").read_text(encoding="utf-8").splitlines()
    line = next(n for n in range(line, 0, -1) if lines[n - 1].lstrip().startswith("- "))
    result = checked(project)
    assert result.returncode != 0 and "Traceback" not in result.output
    assert re.search(
        rf"data/reaction_scheme\.yml, regel {line}: .*(plaats om in te vullen|staan? los)", result.output
    ), result.output[-2000:]
