"""The typed records (model.py) built from data and front matter that passed every check: one function per record."""

from __future__ import annotations

import datetime
from typing import Any

from . import model
from .data_checks import is_guideline
from .sources import LocatedYaml

FrontMatters = dict[str, LocatedYaml | None]  # every page's front matter by path under docs/ (None: unreadable)


def site_data(
    documents: dict[str, LocatedYaml], pages: FrontMatters, checklist: tuple[model.ChecklistItem, ...] = ()
) -> model.SiteData:
    data = {name: document.data for name, document in documents.items()}
    return model.SiteData(
        organisation=model.Organisation(**data["organisation"]),
        phases={p["id"]: model.Phase(**p) for p in sorted(data["phases"]["phases"], key=lambda p: p["number"])},
        roles={r["id"]: model.Role(**r) for r in data["roles"]["roles"]},
        tasks=tuple(
            model.Task(**{k: tuple(v) if isinstance(v, list) else v for k, v in t.items()})
            for t in data["roles"]["tasks"]
        ),
        channels={
            c["id"]: model.Channel(**{**c, "references": tuple(c.get("references", []))})
            for c in data["channels"]["channels"]
        },
        audiences=audiences(documents["audiences"]),
        sources={s["id"]: model.Source(**s) for s in data["audiences"]["sources"]},
        media_mix=model.MediaMix(
            data["media_mix"]["year"],
            data["media_mix"]["basis"],
            tuple(model.MediaMeans(**m) for m in data["media_mix"]["means"]),
        ),
        reaction_scheme=reaction_scheme(data["reaction_scheme"]),
        accounts=accounts(documents["accounts"]),
        guidelines=guidelines(pages),
        references=references(documents["references"]),
        page_references={
            src_path: tuple(document.data["references"])
            for src_path, document in pages.items()
            if document is not None and isinstance(_meta(document).get("references"), list)
        },
        page_titles={
            **{src_path: str(_meta(document).get("title", src_path)) for src_path, document in pages.items()},
            # A role's page is made from the data (generated_pages.py); Veelgestelde vragen may link to it.
            **{model.role_page(r["id"]): model.Role(**r).title for r in data["roles"]["roles"]},
        },
        frequent_questions=frequent_questions(data["search_questions"]),
        before_posting=checklist,
        house_rules=tuple(model.HouseRule(**rule) for rule in data["house_rules"]["rules"]),
        changes=changes(data["changes"]),
    )


def _meta(document: LocatedYaml | None) -> dict[str, Any]:
    return document.data if document is not None and isinstance(document.data, dict) else {}


def audiences(document: LocatedYaml) -> dict[str, model.Audience]:
    """The audiences, each observation with its line (the review overview links to it)."""
    return {
        a["id"]: model.Audience(
            a["id"],
            a["name"],
            a["description"],
            {
                channel_id: model.Observation(
                    o["level"],
                    o["source"],
                    datetime.date.fromisoformat(o["observed"]),
                    document.line_of(("audiences", index, "presence", channel_id)),
                )
                for channel_id, o in a["presence"].items()
            },
        )
        for index, a in enumerate(document.data["audiences"])
    }


def reaction_scheme(data: dict[str, Any]) -> model.ReactionScheme:
    actions = {
        a["id"]: model.Action(
            **{
                **a,
                "references": tuple(a.get("references", [])),
                "inform": tuple(a.get("inform", [])),
                "answers": tuple(a["answers"]),
            }
        )
        for a in data["actions"]
    }
    return model.ReactionScheme(
        data["start"],
        {q["id"]: model.Question(**q) for q in data["questions"]},
        actions,
        data["office_hours"],
        model.OnCall(**data["on_call"]),
    )


def accounts(document: LocatedYaml) -> tuple[model.Account, ...]:
    return tuple(
        model.Account(
            **{**a, "last_review": datetime.date.fromisoformat(a["last_review"])},
            line=document.line_of(("accounts", index, "last_review")),
        )
        for index, a in enumerate(document.data["accounts"])
    )


def guidelines(pages: FrontMatters) -> tuple[model.Guideline, ...]:
    """The guideline pages, in the order of their paths."""
    return tuple(
        model.Guideline(
            src_path=src_path,
            title=str(meta["title"]),
            phase=meta["phase"],
            channels=tuple(meta["channels"]),
            audiences=tuple(meta["audiences"]),
            owner=meta["owner"],
            last_review=datetime.date.fromisoformat(str(meta["last_review"])),
            description=str(meta["description"]),
            line=document.line_of(("last_review",)),
        )
        for src_path, document in sorted(pages.items())
        if document is not None and is_guideline(src_path)
        for meta in [document.data]
    )


def references(document: LocatedYaml) -> dict[str, model.Reference]:
    return {
        r["id"]: model.Reference(
            **{**r, "checked": datetime.date.fromisoformat(r["checked"])},
            line=document.line_of(("references", index, "checked")),
        )
        for index, r in enumerate(document.data["references"])
    }


def frequent_questions(data: dict[str, Any]) -> tuple[model.FaqTopic, ...]:
    """The questions the handbook answers (covered), by topic; a topic without one is left out."""
    return tuple(
        model.FaqTopic(
            topic["topic"],
            tuple(
                model.FrequentQuestion(q["faq"], q["answer"], q["pages"][0])
                for q in topic["questions"]
                if q.get("covered", True)
            ),
        )
        for topic in data["topics"]
        if any(q.get("covered", True) for q in topic["questions"])
    )


def changes(data: dict[str, Any]) -> tuple[model.Change, ...]:
    """The change notes, newest first (in file order within a day)."""
    notes = [model.Change(**{**c, "date": datetime.date.fromisoformat(c["date"])}) for c in data["changes"]]
    return tuple(sorted(notes, key=lambda change: change.date, reverse=True))
