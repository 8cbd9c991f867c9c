"""Search that answers a colleague's question: the questions of data/search_questions.yml typed into the built
site's search box in Chromium, the reader's pages before the overviews and the editors' pages, the section that
answers shown in the result, an index without function words or copies, loaded only when a reader searches,
and the page Veelgestelde vragen made from the same questions."""

from __future__ import annotations

import html
import json
import re
from urllib.parse import urlparse

import pytest
import yaml
from bs4 import Comment, Tag
from conftest import ROOT, build, edit, heading_text, text_of
from search_bench import Summary, load_questions, run, summarise
from sitetools import EMPTY_SEARCH_BOX, search_like_a_reader

from handreiking.postbuild import keep_words_apart

EDITOR_PAGES = {"bijdragen.md", "nakijken.md"}
# Pages that give the rule: the guidelines, the phases and the reaction scheme.
READER_PAGES = ("richtlijnen/", "fasen/", "overzichten/reactieschema.md")
OVERVIEWS = ("overzichten/",)


def is_reader_page(page: str) -> bool:
    return page.startswith(READER_PAGES) and page != "richtlijnen/index.md"


def is_overview(page: str) -> bool:
    return page.startswith(OVERVIEWS) and not is_reader_page(page)


@pytest.fixture(scope="module")
def searched(site, browser):
    """Every question of the benchmark typed into the site's search once, for all the tests here."""
    return run(site.site, load_questions(), browser)


@pytest.fixture(scope="module")
def benchmark(searched) -> Summary:
    return summarise(searched)


@pytest.fixture(scope="module")
def results(searched):
    return [result for result in searched if result.question.covered]


def test_nine_in_ten_questions_find_their_answer_in_the_first_three_results(benchmark):
    misses = "\n".join(
        f"{m.question.question!r} -> {m.found[:3]}, expected {m.question.pages}" for m in benchmark.misses
    )
    assert benchmark.counted >= 50
    assert benchmark.top3 >= 0.9, f"top-3 {benchmark.top3:.1%}, misses:\n{misses}"


def test_the_editors_pages_never_crowd_a_readers_first_three_results(results):
    crowded = [
        (r.question.question, r.found[:3])
        for r in results
        if not EDITOR_PAGES & set(r.question.pages) and EDITOR_PAGES & set(r.found[:3])
    ]
    assert not crowded


def test_the_page_that_gives_the_rule_ranks_above_the_overviews(results):
    """A guideline, a phase or the reaction scheme that answers comes before an overview that only mentions it."""
    answered = [r for r in results if is_reader_page(r.question.pages[0])]
    overtaken = []
    for result in answered:
        rank = next((i for i, page in enumerate(result.found[:3]) if page in result.question.pages), None)
        if rank is not None and any(is_overview(page) for page in result.found[:rank]):
            overtaken.append((result.question.question, result.found[:3]))
    assert len(answered) >= 50
    # One question in twenty at most: an overview's title can share a word with a question by chance.
    assert len(overtaken) <= len(answered) / 20, overtaken


@pytest.fixture(scope="module")
def search_page(served, browser):
    """The site's start page with its search, opened once for the tests here that read what a result shows: each
    types its query as a reader does (search_like_a_reader empties the box first), and search builds its index
    once."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(served, wait_until="networkidle")
    yield page
    page.close()


@pytest.mark.parametrize(
    ("query", "section"),
    [
        ("gehackt account", "richtlijnen/accountbeveiliging/#wat-doe-je-als-een-account-gehackt-is"),
        ("alt-tekst bij een afbeelding", "richtlijnen/toegankelijke-berichten/#wat-mag-wel"),
    ],
)
def test_a_result_shows_the_section_that_answers_not_only_the_page(search_page, served, query, section):
    page = search_page
    search_like_a_reader(page, query)
    first = page.locator(".md-search-result__item").first
    shown = [
        urlparse(a.get_attribute("href")).path.strip("/").removeprefix(urlparse(served).path.strip("/")).strip("/")
        + "/#"
        + urlparse(a.get_attribute("href")).fragment
        for a in first.locator("a").all()
        if a.is_visible() and urlparse(a.get_attribute("href")).fragment
    ]
    link = first.locator(f'a[href$="#{section.split("#")[1]}"]').first
    heading, whole = link.locator("h2").inner_text(), link.inner_text()
    assert shown and shown[0] == section, shown
    assert len(whole) > len(heading) + 80, "the section's text is shown, not folded away under 'meer op deze pagina'"


def test_search_words_are_not_shown_in_the_results(search_page):
    page_path = ROOT / "docs" / "richtlijnen" / "accountbeveiliging.md"
    meta = yaml.safe_load(page_path.read_text(encoding="utf-8").split("---")[1])
    page = search_page
    search_like_a_reader(page, meta["trefwoorden"][0])
    first = page.locator(".md-search-result__item").first
    title = " ".join(first.locator("h1").first.inner_text().split())
    tags = first.locator(".md-tags")
    shown = tags.count() and tags.first.is_visible()
    assert title == meta["title"], "the page is found by its search word"
    assert not shown, "but the search words are not shown"


def test_function_words_are_left_out_of_the_index_and_rule_words_kept(search_page):
    page = search_page
    search_like_a_reader(page, "ons")  # on nearly every page ("bij ons"), and no other word starts with it
    function_word = page.locator(".md-search-result__item").count()
    search_like_a_reader(page, "niet")  # on lunr's Dutch stop-word list, but the word of every "Wat mag niet?"
    rule_word = page.locator(".md-search-result__item").count()
    assert function_word == 0
    assert rule_word >= 10  # Material shows ten results, and more as the reader scrolls


def test_the_search_index_is_loaded_when_a_reader_starts_to_search(served, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(urlparse(request.url).path))
    page.goto(served + "richtlijnen/persoonlijk-gebruik/", wait_until="networkidle")
    page.wait_for_timeout(500)
    before = [path for path in requests if path.endswith("search_index.json")]
    search_like_a_reader(page, "vacature")
    after = [path for path in requests if path.endswith("search_index.json")]
    hrefs = page.locator(".md-search-result__item > a").evaluate_all("links => links.map(a => a.href)")
    # A result opened from search highlights the words, which needs the index at once.
    page.goto(served + "richtlijnen/persoonlijk-gebruik/?h=vacature", wait_until="networkidle")
    marked = page.locator("article mark").count()
    context.close()
    assert not before, "a page that is only read does not load the search index"
    assert len(after) == 1 and hrefs
    assert marked >= 1


def test_on_a_phone_the_search_button_loads_the_index_and_search_answers(served, browser):
    context = browser.new_context(viewport={"width": 360, "height": 780}, has_touch=True, is_mobile=True)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(urlparse(request.url).path))
    page.goto(served, wait_until="networkidle")
    before = any(path.endswith("search_index.json") for path in requests)
    page.locator('label.md-header__button[for="__search"]').tap()  # the magnifier in the header
    # Once search is ready and has answered the empty box (see search_like_a_reader), the words come as a phone's
    # keyboard sends a suggestion: at once, then the key that is let go.
    page.locator(".md-search-result__meta", has_text=EMPTY_SEARCH_BOX).wait_for()
    page.keyboard.insert_text("gehackt account")
    page.keyboard.press("End")
    page.locator(".md-search-result__meta", has_text="overeenkomende").wait_for()
    first = page.locator(".md-search-result__item > a").first.get_attribute("href")
    context.close()
    assert not before
    assert urlparse(first).path.endswith("/richtlijnen/accountbeveiliging/")


@pytest.fixture(scope="module")
def search_docs(site) -> list[dict]:
    """The entries of the built site's search index, read once for the tests here."""
    return json.loads((site.site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def _text_by_page(docs: list[dict]) -> dict[str, str]:
    """Each page's entries in the index (its sections' titles and texts, with the index's own markup), joined."""
    by_page: dict[str, str] = {}
    for doc in docs:
        page = doc["location"].split("#")[0]
        by_page[page] = by_page.get(page, "") + " " + doc["title"] + " " + doc["text"]
    return by_page


def test_the_tags_of_a_page_are_kept_on_its_own_entry_only(search_docs):
    sections_with_tags = [doc["location"] for doc in search_docs if "#" in doc["location"] and doc.get("tags")]
    pages_with_tags = [doc["location"] for doc in search_docs if "#" not in doc["location"] and doc.get("tags")]
    assert not sections_with_tags
    assert "richtlijnen/accountbeveiliging/" in pages_with_tags


# Elements whose edges do not part words: text either side of one may be one word ("<strong>niet</strong>s"). Every
# other element of a page's content (a cell, a term, a paragraph, a list item, a label of the chart) parts them, and
# so does a line break.
_RUNS_ON = set(
    "a abbr b bdi bdo cite code data del dfn em i img input ins kbd label mark q s samp small span strong sub sup "
    "time u var wbr svg g tspan".split()
)


def _neighbours(page) -> list[tuple[str, str]]:
    """The texts the index must keep apart on a built page: the last words before and the first words after each
    edge that parts words (above), whether or not the HTML has white space there."""
    pairs, before, parted = [], None, False
    for node in page.select_one("article").descendants:
        if isinstance(node, Tag):
            parted = parted or node.name not in _RUNS_ON  # an element opens (a line break is one too)
            continue
        if isinstance(node, Comment) or not node.strip():
            continue
        if before is not None:
            # The elements closed between the two texts: before's own, up to the one that holds them both.
            holds_both = {id(element) for element in node.parents}
            for element in before.parents:
                if id(element) in holds_both:
                    break
                parted = parted or element.name not in _RUNS_ON
            if parted:
                pairs.append((" ".join(before.split()[-2:]), " ".join(node.split()[:2])))
        before, parted = node, False
    return pairs


def test_the_words_either_side_of_a_cell_term_paragraph_or_line_break_stay_apart_in_the_index(site, search_docs):
    """The index leaves out the tags of cells, terms and line breaks: 'Hulp bij nood' and 'meteen' in two cells
    must not become 'noodmeteen', which neither word finds (and which a result would show). Whatever wrote the
    HTML: test_an_editors_own_table_is_indexed_word_by_word shows an editor's own."""
    text_of_page = {
        page: " ".join(html.unescape(re.sub(r"<[^>]*>", "", text)).split())  # without the tags the index keeps
        for page, text in _text_by_page(search_docs).items()
    }
    pairs = {page: _neighbours(site.page(page)) for page in text_of_page}
    glued = [(page, a + b) for page, text in text_of_page.items() for a, b in pairs[page] if a + b in text]
    assert sum(len(each) for each in pairs.values()) > 10000, "the site's cells, terms, paragraphs and lines are read"
    assert not glued, glued


# What an editor may write in a page as HTML of their own, each piece on one line: the Markdown leaves it as it is.
_EDITORS_OWN_HTML = """
## Wie doet wat

<table><tr><th>Wie</th><td>Webcaremedewerker</td></tr><TR><TD>Hulp bij nood</TD><TD>meteen</TD></TR></table>

<dl><dt>Termijn</dt><dd>binnen vier werkuren</dd></dl>

<p>Eerst luisteren<br>dan reageren<BR/>en opvolgen</p>

<details><summary>Wanneer</summary>altijd</details><blockquote>Citaat</blockquote><div>Slot</div>
"""


def test_an_editors_own_table_is_indexed_word_by_word(project):
    edit(
        project,
        "docs/veelgestelde-vragen.md",
        "{{ frequent_questions() }}",
        "{{ frequent_questions() }}\n" + _EDITORS_OWN_HTML,
    )
    result = build(project)
    assert result.returncode == 0, result.output
    index = json.loads((result.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    [doc] = [doc for doc in index["docs"] if doc["location"] == "veelgestelde-vragen/#wie-doet-wat"]
    words = html.unescape(re.sub(r"<[^>]*>", " ", doc["text"])).split()
    assert [word for word in words if word in _EDITORS_OWN_HTML] == [
        *"Wie Webcaremedewerker Hulp bij nood meteen Termijn binnen vier werkuren Eerst luisteren dan reageren en".split(),
        *"opvolgen Wanneer altijd Citaat Slot".split(),
    ]
    assert "noodmeteen" not in doc["text"]


@pytest.mark.parametrize(
    ("content", "kept_apart"),
    [
        ("<pre><code>regel<br>regel</code></pre>na", "<pre><code>regel<br>regel</code></pre>\nna"),
        ("voor<textarea>a</p>b</textarea>", "voor<textarea>a</p>b</textarea>"),
        ("<td>nood</td><td>meteen</td>", "<td>nood</td>\n<td>meteen</td>"),
        ("<b>niet</b>s<br>\nklaar", "<b>niet</b>s<br>\nklaar"),
    ],
)
def test_words_are_parted_only_where_the_break_shows_nothing(content, kept_apart):
    """Inside <pre> and <textarea> a line break would show: there the text stays as it is, as it does within a line."""
    assert keep_words_apart(content) == kept_apart


def test_the_editors_field_tables_and_the_users_of_sources_stay_out_of_the_index(search_docs, data):
    by_page = _text_by_page(search_docs)
    field = json.loads((ROOT / "data" / "schema" / "channels.schema.json").read_text(encoding="utf-8"))
    description = field["properties"]["channels"]["items"]["properties"]["response_time"]["description"]
    assert "channels.yml" in by_page["bijdragen/"], "editors still find a data file by its heading"
    assert description not in by_page["bijdragen/"], "but not every field of it"
    references = data["references"]["references"]
    assert all(
        html.escape(reference["title"], quote=False) in by_page["overzichten/bronnen/"] for reference in references
    )
    assert "reactieschema:" not in by_page["overzichten/bronnen/"], "what relies on a source is not indexed"


# --- Veelgestelde vragen ----------------------------------------------------------------------------------------


def test_every_answered_question_is_on_the_page_of_frequent_questions(site, data):
    page = site.page("veelgestelde-vragen/")
    shown = {text_of(dt): dt.find_next_sibling("dd") for dt in page.select("article dl.hr-faq dt")}
    topics = [heading_text(h2) for h2 in page.select("article h2")]
    expected_topics = []
    for topic in data["search_questions"]["topics"]:
        answered = [q for q in topic["questions"] if q.get("covered", True)]
        if answered:
            expected_topics.append(topic["topic"])
        for question in answered:
            answer = shown.get(question["faq"])
            assert answer is not None, question["faq"]
            assert text_of(answer).startswith(question["answer"])
            link = answer.find("a")
            target = question["pages"][0].removesuffix(".md").removesuffix("index")
            assert link["href"].removeprefix("../").rstrip("/") == target.rstrip("/"), (link["href"], target)
    assert topics == expected_topics
    not_covered = [
        q["question"] for t in data["search_questions"]["topics"] for q in t["questions"] if not q.get("covered", True)
    ]
    assert not_covered and len(shown) == sum(len(t["questions"]) for t in data["search_questions"]["topics"]) - len(
        not_covered
    )


def test_the_frequent_questions_are_not_in_the_search_index(site, data):
    """The benchmark asks these questions: found as a list on this page, they would answer themselves."""
    index = (site.site / "search" / "search_index.json").read_text(encoding="utf-8")
    asked = [q["faq"] for t in data["search_questions"]["topics"] for q in t["questions"] if "faq" in q]
    assert asked
    assert not [question for question in asked if json.dumps(question, ensure_ascii=False)[1:-1] in index]


def test_a_question_without_its_faq_wording_stops_the_build_with_a_dutch_message(project):
    text = (project / "data" / "search_questions.yml").read_text(encoding="utf-8")
    faq_line = re.search(r"^ +faq: .*\n", text, re.MULTILINE).group(0)
    line = edit(project, "data/search_questions.yml", faq_line, "")
    result = build(project)
    assert result.returncode != 0
    # Named at the question (the line above the removed one).
    assert f"data/search_questions.yml, regel {line - 1}: het verplichte veld 'faq' ontbreekt." in result.output
    assert "Traceback" not in result.output


def test_a_question_about_a_page_that_does_not_exist_stops_the_build(project):
    questions = yaml.safe_load((project / "data" / "search_questions.yml").read_text(encoding="utf-8"))
    page = questions["topics"][0]["questions"][0]["pages"][0]
    line = edit(project, "data/search_questions.yml", f"pages: [{page}]", "pages: [richtlijnen/bestaat-niet.md]")
    result = build(project)
    assert result.returncode != 0
    assert f"regel {line}: de pagina 'richtlijnen/bestaat-niet.md' bestaat niet in docs/." in result.output
