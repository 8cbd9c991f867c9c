"""Every rule traceable to its source, and outdated law caught by the build: the sources (data/references.yml)
and the outdated terms (data/outdated_terms.yml), as a reader and an editor meet them."""

from __future__ import annotations

import yaml
from conftest import ROOT, build, checked, edit, front_matter, make_check, text_of

PAGE = "docs/richtlijnen/archiveren.md"
PAGE_URL = "richtlijnen/archiveren/"


def references() -> list[dict]:
    return yaml.safe_load((ROOT / "data" / "references.yml").read_text(encoding="utf-8"))["references"]


def _add_front_matter(project, file: str, line: str) -> int:
    return edit(project, file, "---\n", f"---\n{line}\n") + 1


# --- Sources ------------------------------------------------------------------------------------------------


def test_a_page_ends_with_the_sources_it_names(site):
    named = front_matter(ROOT / PAGE)["references"]
    by_id = {r["id"]: r for r in references()}
    items = site.page(PAGE_URL).select("article ul.hr-references li")
    assert [item.a["href"] for item in items] == [by_id[i]["url"] for i in named]
    assert all("Nagekeken op" in text_of(item) for item in items)
    heading = site.page(PAGE_URL).select_one("article h2#bronnen-van-deze-pagina")
    assert heading is not None and "Bronnen" in text_of(heading)


def test_the_sources_page_lists_every_source_with_what_relies_on_it(site):
    rows = {row["id"]: row for row in site.page("overzichten/bronnen/").select("article table tbody tr")}
    assert set(rows) == {r["id"] for r in references()}
    archive = rows["bestuursdecreet-archivering"]
    assert any(link["href"].endswith("richtlijnen/archiveren/") for link in archive.select("td a"))


def test_an_unknown_source_is_a_dutch_error_with_file_and_line(project):
    line = edit(project, PAGE, "references: [", "references: [bestuursdekreet, ")
    result = checked(project)
    assert result.returncode != 0
    assert (
        f"{PAGE}, regel {line}: 'bestuursdekreet' is geen bekende bron. Bedoelde je 'bestuursdecreet'?" in result.output
    )
    assert "Traceback" not in result.output
    check = make_check(project)
    assert check.returncode == 1 and f"{PAGE}, regel {line}: 'bestuursdekreet'" in check.output


def test_an_unknown_source_in_the_data_is_a_dutch_error(project):
    line = edit(project, "data/channels.yml", "    tone: Vriendelijk", "    references: [avgg]\n    tone: Vriendelijk")
    result = checked(project)
    assert result.returncode != 0
    assert f"data/channels.yml, regel {line}: 'avgg' is geen bekende bron." in result.output


def test_a_source_not_checked_in_time_is_due_for_review_without_failing_the_build(project):
    line = edit(project, "data/references.yml", "checked: 2026-11-26", "checked: 2020-02-01")
    result = build(project)
    assert result.returncode == 0, result.output[-3000:]
    assert f"LET OP  -  data/references.yml, regel {line}: de bron '" in result.output
    rows = [text_of(row) for row in result.page("nakijken/").select("table.hr-table tbody tr")]
    assert any("De bron '" in row and "gebruikt in:" in row for row in rows), rows


def test_every_guideline_names_a_source(guidelines):
    without = [page for page, meta in guidelines.items() if not meta.get("references")]
    assert without == [], f"guidelines without sources: {without}"


def test_every_source_is_used(data):
    """Named by a page, by a data record (shown on its overview page) or by an outdated term: none dangles."""
    named = {ref for page in (ROOT / "docs").rglob("*.md") for ref in (front_matter(page).get("references") or [])}
    named |= {ref for channel in data["channels"]["channels"] for ref in channel.get("references", [])}
    named |= {ref for action in data["reaction_scheme"]["actions"] for ref in action.get("references", [])}
    named |= {term["reference"] for term in data["outdated_terms"]["terms"] if "reference" in term}
    unused = [r["id"] for r in references() if r["id"] not in named]
    assert unused == [], f"sources nothing names: {unused}"


def test_a_channel_shows_its_sources(site, data):
    tiktok = next(c for c in data["channels"]["channels"] if c["id"] == "tiktok")
    links = [a["href"] for a in site.page("overzichten/kanalen/").select("article dd a")]
    for reference_id in tiktok["references"]:
        assert any(href.endswith(f"bronnen/#{reference_id}") for href in links), reference_id


# --- Outdated terms ---------------------------------------------------------------------------------------------


def test_an_outdated_term_stops_the_build_with_what_to_write_instead(project):
    path = project / PAGE
    path.write_text(
        path.read_text(encoding="utf-8") + "\nHet Archiefdecreet zegt dat je alles bewaart.\n", encoding="utf-8"
    )
    line = len(path.read_text(encoding="utf-8").rstrip("\n").split("\n"))
    result = checked(project)
    assert result.returncode != 0
    assert f"{PAGE}, regel {line}: 'Archiefdecreet' is verouderd. Schrijf het Bestuursdecreet" in result.output
    check = make_check(project)
    assert check.returncode == 1 and f"{PAGE}, regel {line}: 'Archiefdecreet' is verouderd" in check.output


def test_an_outdated_term_marked_as_former_or_in_code_is_allowed(project):
    path = project / PAGE
    extra = "\nHet vroegere Archiefdecreet is opgeheven. Op X (vroeger Twitter) posten we weinig. Code: `tweet`.\n"
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    check = make_check(project)
    assert check.returncode == 0, check.output


def test_an_outdated_term_in_the_data_is_refused(project):
    line = edit(project, "data/channels.yml", "tone: Vriendelijk", "tone: Zoals op Twitter, vriendelijk")
    check = make_check(project)
    assert check.returncode == 1
    assert f"data/channels.yml, regel {line}: 'Twitter' is verouderd. Schrijf X." in check.output
