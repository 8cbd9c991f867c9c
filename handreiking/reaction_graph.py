"""The reaction scheme as a graph: questions with a yes and a no branch, ending in actions.

Everything about the graph is here: where an answer leads, what the start reaches, the first cycle, the order a
reader meets the questions in, and every path step by step. The build checks the data with it (graph_problems) and
render.py draws the scheme with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import model
from .problems import Problem
from .sources import LocatedYaml

Branches = dict[str, tuple[str, str]]  # question id -> (where yes leads, where no leads)

ANSWERS = ("ja", "nee")


def branches_of(questions: list[dict[str, Any]]) -> Branches:
    """The branches of the questions as data/reaction_scheme.yml holds them."""
    return {q["id"]: (q["if_yes"], q["if_no"]) for q in questions}


def next_of(scheme: model.ReactionScheme, question_id: str, answer: str) -> str:
    """Where an answer ('ja' or 'nee') to a question leads: a question or an action."""
    question = scheme.questions[question_id]
    return question.if_yes if answer == "ja" else question.if_no


def reachable(start: str, branches: Branches) -> set[str]:
    """Every question and action a path from the start can reach."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        todo += branches.get(node, ())
    return seen


def first_cycle(start: str, branches: Branches) -> list[str]:
    """The first cycle met on the way from the start, as the ids along it (the first id again at the end), or []."""
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> list[str]:
        if node in path:
            return [*path[path.index(node) :], node]
        if node in done or node not in branches:
            return []
        for target in branches[node]:
            found = visit(target, [*path, node])
            if found:
                return found
        done.add(node)
        return []

    return visit(start, [])


def graph_problems(document: LocatedYaml) -> list[Problem]:
    """A cycle, and every question or action the start does not reach (the start's own id: see crossref.py)."""
    data = document.data
    branches = branches_of(data["questions"])
    if data["start"] not in branches:
        return []
    problems = []
    cycle = first_cycle(data["start"], branches)
    if cycle:
        closing, target = cycle[-2], cycle[-1]
        index = {q["id"]: i for i, q in enumerate(data["questions"])}[closing]
        answer = "if_yes" if branches[closing][0] == target else "if_no"
        message = (
            f"het schema loopt in een kring: {' → '.join(cycle)}. Een pad mag niet terugkomen bij een vraag waar het "
            "al was; laat deze tak naar een andere vraag of naar een actie leiden."
        )
        problems.append(document.problem(("questions", index, answer), message))
    reached = reachable(data["start"], branches)
    for list_key in ("questions", "actions"):
        for index, item in enumerate(data[list_key]):
            if item["id"] not in reached:
                message = (
                    f"'{item['id']}' is vanuit de startvraag niet te bereiken. Laat een vraag ernaar verwijzen of "
                    "verwijder het."
                )
                problems.append(document.problem((list_key, index, "id"), message))
    return problems


def question_numbers(scheme: model.ReactionScheme) -> dict[str, int]:
    """Number the questions in the order a reader meets them: depth first, 'ja' before 'nee'."""
    numbers: dict[str, int] = {}

    def visit(node_id: str) -> None:
        if node_id in scheme.questions and node_id not in numbers:
            numbers[node_id] = len(numbers) + 1
            for answer in ANSWERS:
                visit(next_of(scheme, node_id, answer))

    visit(scheme.start)
    return numbers


def first_places(scheme: model.ReactionScheme) -> dict[str, str]:
    """Where the tree draws each question: under the first branch that reaches it ('parent:ja'), depth first."""
    places: dict[str, str] = {scheme.start: ""}

    def visit(node_id: str) -> None:
        for answer in ANSWERS:
            child = next_of(scheme, node_id, answer)
            if child in scheme.questions and child not in places:
                places[child] = f"{node_id}:{answer}"
                visit(child)

    visit(scheme.start)
    return places


@dataclass(frozen=True)
class Step:
    """One step of one path through the scheme, with an address made of the answers that lead to it."""

    id: str
    number: int
    trail: tuple[tuple[str, model.Question, str], ...]  # (step id, question, 'Ja'/'Nee') taken so far
    question: model.Question | None = None
    action: model.Action | None = None
    yes: str = ""
    no: str = ""


def step_id(answers: str) -> str:
    """'stap' for the first question, 'stap-nnj' after no, no, yes."""
    return f"stap-{answers}" if answers else "stap"


def reaction_steps(scheme: model.ReactionScheme) -> tuple[list[Step], dict[str, list[Step]]]:
    """The question steps of every path, and per action the steps that end at it (each path its own address)."""
    questions: list[Step] = []
    ends: dict[str, list[Step]] = {action_id: [] for action_id in scheme.actions}

    def walk(node_id: str, answers: str, trail: tuple) -> None:
        here = step_id(answers)
        if node_id not in scheme.questions:
            ends[node_id].append(Step(here, len(trail) + 1, trail, action=scheme.actions[node_id]))
            return
        question = scheme.questions[node_id]
        questions.append(
            Step(here, len(trail) + 1, trail, question, yes=step_id(answers + "j"), no=step_id(answers + "n"))
        )
        walk(question.if_yes, answers + "j", (*trail, (here, question, "Ja")))
        walk(question.if_no, answers + "n", (*trail, (here, question, "Nee")))

    walk(scheme.start, "", ())
    return questions, ends
