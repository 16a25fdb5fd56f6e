"""The static entity pages: complete, valid HTML5, linked, honest about disputes, all-or-nothing.

The site is built once per module from the shipped graph; the last test opens the film page in
a real headless Chromium (Debian's ``chromium`` package).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from xml.etree import ElementTree
from xml.etree.ElementTree import Element

import html5lib
import pyoxigraph as ox
import pytest
from browser import png_size_and_pixels, run_chromium
from hypothesis import given, settings
from hypothesis import strategies as st

import nlmg_graph
from nlmg_graph import site
from nlmg_graph.catalogue import stored_query
from nlmg_graph.diagram import Link, Node, neighbourhood
from nlmg_graph.entity_view import EntityView
from nlmg_graph.errors import NlmgGraphError

FILM = "https://w3id.org/nlmg/work/never-let-me-go-2010"
MOVIE = "https://schema.org/Movie"


def parse(path: Path) -> Element:
    """Parse a page as HTML5, failing on any parse error (missing doctype included)."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    document: Element = parser.parse(path.read_bytes())
    return document


def text(element: Element) -> str:
    return " ".join("".join(element.itertext()).split())


def with_class(document: Element, tag: str, name: str) -> list[Element]:
    return [e for e in document.iter(tag) if name in (e.get("class") or "").split()]


@pytest.fixture(scope="module")
def built(kg: nlmg_graph.KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return site.build_site(kg, tmp_path_factory.mktemp("site") / "site")


@pytest.fixture(scope="module")
def root(built: list[Path]) -> Path:
    return built[0].parent


def test_one_page_per_entity_and_an_index(
    kg: nlmg_graph.KnowledgeGraph, built: list[Path], root: Path
) -> None:
    entities = {row.entity for row in kg.run("entities")}
    assert built[0] == root / "index.html"
    assert len(built) == len(entities) + 1
    assert sorted(built) == sorted(root.rglob("*.html"))
    for path in (
        "work/never-let-me-go-2010.html",  # the film
        "work/never-let-me-go-novel.html",  # the novel
        "person/carey-mulligan.html",
        "character/kathy-h.html",
        "place/ham-house.html",  # a real place
        "place/hailsham.html",  # a fictional place
        "award/bifa-best-actress.html",  # an award category
        "award/bifa-2010-best-actress-carey-mulligan.html",  # a nomination
        "theme/love-and-loss.html",
        "organization/dna-films.html",
        "event/telluride-film-festival-2010.html",
        "difference/the-ending.html",
        "faq/page.html",
    ):
        assert (root / path).is_file(), path


def test_pages_are_valid_html5(built: list[Path]) -> None:
    for path in built:
        document = parse(path)  # strict: raises on the first parse error
        html = document if document.tag == "html" else document.find("html")
        assert html is not None and html.get("lang") == "en", path
        head = html.find("head")
        assert head is not None
        assert head.find("meta[@charset='utf-8']") is not None, path
        title = head.find("title")
        assert title is not None and text(title), path
        assert path.read_text(encoding="utf-8").startswith("<!doctype html>"), path


def test_every_link_resolves(built: list[Path]) -> None:
    dead = []
    for path in built:
        for anchor in parse(path).iter("a"):
            href = anchor.get("href") or ""
            if href.startswith(("https://", "http://")):
                continue
            if not (path.parent / href).is_file():
                dead.append(f"{path.name}: {href}")
    assert not dead, dead


def test_index_lists_every_entity_grouped_by_kind(
    kg: nlmg_graph.KnowledgeGraph, built: list[Path], root: Path
) -> None:
    document = parse(root / "index.html")
    links = {anchor.get("href") for anchor in document.iter("a")}
    assert links == {path.relative_to(root).as_posix() for path in built[1:]}
    headings = [text(h) for h in document.iter("h2")]
    assert headings[:5] == ["Films", "Books", "Other works", "People", "Characters"]
    assert {"Places", "Awards", "Themes"} <= set(headings)
    films = next(s for s in document.iter("section") if text(next(s.iter("h2"))) == "Films")
    titles = {text(a) for a in films.iter("a")}
    # the shipped film and the six related films, each with its page
    assert {"Never Let Me Go", "Gattaca", "The Remains of the Day"} <= titles
    assert len(list(films.iter("li"))) == len(kg.select("entities", type=MOVIE)) == 7


def test_film_page_links_its_facts(root: Path) -> None:
    document = parse(root / "work/never-let-me-go-2010.html")
    links = {text(a): a.get("href") for a in document.iter("a")}
    assert links["Mark Romanek"] == "../person/mark-romanek.html"
    assert links["Carey Mulligan"] == "../person/carey-mulligan.html"
    assert links["Kathy H."] == "../character/kathy-h.html"
    facts = text(with_class(document, "dl", "facts")[0])
    assert "15,000,000" in facts  # the budget, a value node drawn inline
    assert "64,000,000" not in facts  # the refuted box office is no fact


def test_headline_facts_are_the_verified_ones(root: Path) -> None:
    """The article's where-to-watch offers rest on it alone: shown apart, each with the source
    and the date it was listed, never among the headline facts."""
    document = parse(root / "work/never-let-me-go-2010.html")
    headline = text(with_class(document, "dl", "facts")[0])
    assert "Carey Mulligan" in headline  # a corroborated cast credit
    assert "offers" not in headline and "3.99" not in headline
    (apart,) = with_class(document, "section", "single-source")
    assert text(next(apart.iter("h2"))) == "On one source's word"
    notes = [text(note) for note in with_class(apart, "span", "note")]
    article = "“Never Let Me Go Film Analysis: Themes, Cast & Meaning Explained”"
    assert f"(listed by {article} on 2025-09-30)" in notes
    assert "3.99" in text(apart)  # the rental's price, drawn with the offer
    faq = parse(root / "faq/page.html")
    assert not with_class(faq, "section", "single-source"), "the FAQ is the article's own"


def test_refuted_box_office_is_marked_on_the_film_page(root: Path) -> None:
    rows = with_class(parse(root / "work/never-let-me-go-2010.html"), "tr", "claim-deprecated")
    claims = [row for row in rows if "claim" in (row.get("class") or "").split()]
    (box_office,) = [row for row in claims if "64,000,000" in text(row)]
    assert "box office" in text(box_office)
    (marker,) = with_class(box_office, "span", "marker")
    assert text(marker) == "refuted"
    assert "9.5 million" in text(box_office)  # the deprecation reason
    assert "deprecated rank" in text(box_office)


def test_claims_show_sources_and_sections(root: Path) -> None:
    document = parse(root / "place/ham-house.html")
    claims = with_class(document, "tr", "claim")
    (surrey,) = [row for row in claims if "Surrey" in text(row)]
    assert "claim-deprecated" in (surrey.get("class") or "")
    assert "Your Questions Answered" in text(surrey)  # the article section
    (richmond,) = [row for row in claims if text(row).startswith("contained in place London")]
    assert "claim-deprecated" not in (richmond.get("class") or "")
    sources = {a.get("href") for a in richmond.iter("a")}
    assert "https://www.movie-locations.com/movies/n/Never-Let-Me-Go.php" in sources


def test_a_refuted_nomination_is_marked_disputed(root: Path) -> None:
    path = root / "award/saturn-2011-best-international-film-never-let-me-go-2010.html"
    document = parse(path)
    (banner,) = with_class(document, "p", "banner")
    assert "disputed" in text(banner)
    (claim,) = with_class(document, "tr", "claim-deprecated")
    assert "refuted" in text(claim)
    index = parse(root / "index.html")
    (entry,) = [
        li for li in index.iter("li") if "Best International Film, Saturn Awards 2011" in text(li)
    ]
    assert "disputed" in text(entry)


def test_people_are_mentioned_by_the_film(root: Path) -> None:
    document = parse(root / "person/carey-mulligan.html")
    mentions = [s for s in document.iter("section") if text(s).startswith("Mentioned by")]
    assert mentions, "no 'Mentioned by' section"
    links = {a.get("href") for a in mentions[0].iter("a")}
    assert "../work/never-let-me-go-2010.html" in links
    assert "../award/bifa-2010-best-actress-carey-mulligan.html" in links


# -- the reference-work layout -----------------------------------------------------------------


def sections(document: Element) -> list[Element]:
    return [s for s in document.iter("section") if s.get("id")]


def section(document: Element, key: str) -> Element:
    (found,) = [s for s in document.iter("section") if s.get("id") == key]
    return found


def table_rows(element: Element) -> list[list[str]]:
    """The body rows of the section's table, each as its cells' text."""
    return [
        [text(td) for td in tr.iter("td")] for tr in element.iter("tr") if tr.find("td") is not None
    ]


def test_film_page_reads_like_a_reference_work(root: Path) -> None:
    document = parse(root / "work/never-let-me-go-2010.html")
    order = [s.get("id") for s in sections(document)]
    assert order[:10] == [
        "summary",
        "cast",
        "crew",
        "awards",
        "reception",
        "money",
        "themes",
        "differences",
        "releases",
        "places",
    ]
    assert order.index("neighbourhood") < order.index("facts")
    assert "where-to-watch" not in order  # the offers rest on one listing: not in the verified view
    summary = dict(table_rows_with_headers(section(document, "summary")))
    assert summary["title"] == "Never Let Me Go"
    assert summary["directed by"] == "Mark Romanek"
    assert summary["runtime"] == "103 minutes"
    assert summary["based on"] == "Never Let Me Go by Kazuo Ishiguro"
    assert "R (United States)" in summary["certification"]


def table_rows_with_headers(element: Element) -> list[tuple[str, str]]:
    return [(text(tr.find("th")), text(tr.find("td"))) for tr in element.iter("tr")]  # type: ignore[arg-type]


def test_cast_table_pairs_young_and_adult_actors(root: Path) -> None:
    cast = section(parse(root / "work/never-let-me-go-2010.html"), "cast")
    rows = [tr for tr in cast.iter("tr") if tr.find("td") is not None]
    cells = [[text(td) for td in tr.iter("td")] for tr in rows]
    kathy = cells.index(["Carey Mulligan", "Kathy", "Kathy H."])
    assert cells[kathy + 1] == ["Izzy Meikle-Small", "Young Kathy (child)", ""]
    assert "group-start" in (rows[kathy].get("class") or "")
    assert "group-start" not in (rows[kathy + 1].get("class") or "")
    links = {text(a): a.get("href") for a in cast.iter("a")}
    assert links["Kathy H."] == "../character/kathy-h.html"


def test_awards_table_has_outcomes(root: Path) -> None:
    awards = table_rows(section(parse(root / "work/never-let-me-go-2010.html"), "awards"))
    bifa = [row for row in awards if row[1] == "British Independent Film Awards"]
    assert [
        "2010",
        "British Independent Film Awards",
        "Best Actress",
        "Carey Mulligan",
        "won",
    ] in bifa
    assert {row[4] for row in bifa} == {"won", "nominated"}


def test_a_disputed_figure_is_never_shown_as_plain_fact(root: Path) -> None:
    document = parse(root / "work/never-let-me-go-2010.html")
    money = section(document, "money")
    rows = [tr for tr in money.iter("tr") if tr.find("td") is not None]
    (refuted,) = [tr for tr in rows if "64,000,000" in text(tr)]
    assert "claim-deprecated" in (refuted.get("class") or "")
    assert [text(m) for m in with_class(refuted, "span", "marker")] == ["refuted"]
    assert "deprecated rank" in text(refuted)
    (preferred,) = [tr for tr in rows if "preferred rank" in text(tr)]
    assert "9,460,000 to 9,900,000 USD" in text(preferred)
    assert "Wikipedia" in text(preferred)  # its source
    for key in ("summary", "facts"):
        assert "64,000,000" not in text(section(document, key))
    reception = table_rows(section(document, "reception"))
    assert reception[0][:4] == ["Metacritic", "Metascore", "69 / 100", "unverified"]


def test_person_page_lists_credits(root: Path) -> None:
    document = parse(root / "person/carey-mulligan.html")
    credits = section(document, "credits")
    rows = table_rows(credits)
    assert ["Never Let Me Go", "actor", "Kathy"] in rows
    assert any("Best Actress (won)" in row[2] for row in rows)
    links = {a.get("href") for a in credits.iter("a")}
    assert links == {"../work/never-let-me-go-2010.html"}


def test_place_pages_say_what_was_filmed_and_what_stood_in(root: Path) -> None:
    ham = parse(root / "place/ham-house.html")
    assert table_rows(section(ham, "filmed-here")) == [["Never Let Me Go", "Hailsham"]]
    hailsham = parse(root / "place/hailsham.html")
    stand_ins = table_rows(section(hailsham, "stand-ins"))
    assert ["Ham House", "Never Let Me Go"] in stand_ins
    assert ["Chiswick Town Hall", "Never Let Me Go"] in stand_ins


SVG = "{http://www.w3.org/2000/svg}"


def diagram_of(path: Path) -> ElementTree.Element:
    """The page's neighbourhood diagram, parsed as standalone XML."""
    source = path.read_text(encoding="utf-8")
    start, end = source.index("<svg"), source.index("</svg>") + len("</svg>")
    return ElementTree.fromstring(source[start:end])


@pytest.mark.parametrize(
    "page", ["work/never-let-me-go-2010.html", "person/carey-mulligan.html", "place/ham-house.html"]
)
def test_diagrams_are_svg_linking_to_pages(root: Path, page: str) -> None:
    svg = diagram_of(root / page)
    assert svg.tag == f"{SVG}svg"
    hrefs = [a.get("href") or "" for a in svg.iter(f"{SVG}a")]
    assert hrefs, "no linked node"
    assert all((root / page).parent.joinpath(href).is_file() for href in hrefs), hrefs
    (centre,) = [g for g in svg.iter(f"{SVG}g") if "centre" in (g.get("class") or "")]
    assert text(centre)


def test_the_film_diagram_is_capped(root: Path) -> None:
    svg = diagram_of(root / "work/never-let-me-go-2010.html")
    nodes = [g for g in svg.iter(f"{SVG}g") if "node" in (g.get("class") or "")]
    assert len(nodes) == 13  # the film and twelve neighbours
    assert any(re.fullmatch(r"and \d+ more", t.text or "") for t in svg.iter(f"{SVG}text"))


@given(
    centre=st.text(),
    labels=st.lists(st.tuples(st.text(), st.text(), st.one_of(st.none(), st.text())), max_size=20),
)
@settings(max_examples=60, deadline=None)
def test_any_label_gives_well_formed_svg(
    centre: str, labels: list[tuple[str, str, str | None]]
) -> None:
    links = [Link(label, Node(name, href)) for label, name, href in labels]
    svg = ElementTree.fromstring(neighbourhood(Node(centre), links, limit=8))
    hrefs = [a.get("href") for a in svg.iter(f"{SVG}a")]
    linked = [href for _, _, href in list(dict.fromkeys(labels))[:8] if href is not None]
    # characters XML cannot carry are dropped, the rest kept as given (newlines included)
    assert hrefs == [NOT_XML.sub("", href) for href in linked]


NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def test_hostile_labels_are_escaped_in_the_svg() -> None:
    hostile = (
        '<script>alert("x")</script> & \u202eRTL\u05e9\u05dc\u05d5\u05dd \x00\x1f' + "x" * 5000
    )
    svg = neighbourhood(Node(hostile), [Link(hostile, Node(hostile, '"><script>'))])
    root = ElementTree.fromstring(svg)
    assert not list(root.iter(f"{SVG}script")) and not list(root.iter("script"))
    (link,) = root.iter(f"{SVG}a")
    assert link.get("href") == '"><script>'
    assert max(len(t.text or "") for t in root.iter(f"{SVG}text")) <= 26
    assert "\x00" not in svg and len(svg) < 6000


def test_per_entity_verdicts_match_the_whole_verified_view(kg: nlmg_graph.KnowledgeGraph) -> None:
    """The pages ask the verified view entity by entity: the same verdicts as building it."""
    whole = kg.engine.execute(stored_query("construct-verified").text)
    assert isinstance(whole, list)
    triples = frozenset(whole)
    view = EntityView(kg)
    checked = 0
    for row in kg.run("entities"):
        facts = view.facts(str(row.entity))
        index = facts.variables.index("value")
        for fact, terms in zip(facts, facts.terms, strict=True):
            subject, prop = ox.NamedNode(str(row.entity)), ox.NamedNode(str(fact.property))
            expected = ox.Triple(subject, prop, terms[index]) in triples
            assert view.verified(str(row.entity), str(fact.property), terms[index]) == expected, (
                row.entity,
                fact.property,
                fact.value,
            )
            checked += 1
    assert checked > 1000


def test_a_users_film_gets_its_page_under_films(tmp_path: Path) -> None:
    data = tmp_path / "my-film.ttl"
    data.write_text(USER_FILM, encoding="utf-8")
    kg = nlmg_graph.load(data=[data])
    built = site.build_site(kg, tmp_path / "site")
    page = tmp_path / "site/work/the-quiet-field.html"
    assert page in built
    document = parse(page)
    summary = dict(table_rows_with_headers(section(document, "summary")))
    # The year rests on one unverified claim: the summary box says so.
    assert summary["title"] == "The Quiet Field" and summary["year"] == "2021 (unverified)"
    assert table_rows(section(document, "cast"))[0] == ["Ada Example", "Nell", "Nell Marsh"]
    assert [s.get("id") for s in sections(document)][:2] == ["summary", "cast"]
    index = parse(tmp_path / "site/index.html")
    films = next(s for s in index.iter("section") if text(next(s.iter("h2"))) == "Films")
    assert "work/the-quiet-field.html" in {a.get("href") for a in films.iter("a")}


USER_FILM = """\
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix schema: <https://schema.org/> .
@prefix nlmg: <https://w3id.org/nlmg/ontology/> .
@prefix work: <https://w3id.org/nlmg/work/> .
@prefix person: <https://w3id.org/nlmg/person/> .
@prefix character: <https://w3id.org/nlmg/character/> .
@prefix role: <https://w3id.org/nlmg/role/> .
@prefix claim: <https://w3id.org/nlmg/claim/> .
@prefix source: <https://w3id.org/nlmg/source/> .

work:the-quiet-field a schema:Movie ;
    schema:name "The Quiet Field" ;
    nlmg:releaseYear "2021"^^xsd:gYear ;
    nlmg:castRole role:ada-example-nell-marsh .

role:ada-example-nell-marsh a nlmg:CastRole ;
    schema:actor person:ada-example ;
    nlmg:character character:nell-marsh ;
    schema:characterName "Nell" ;
    nlmg:lifeStage nlmg:Adult .

person:ada-example a schema:Person ;
    schema:name "Ada Example" .

character:nell-marsh a nlmg:FictionalCharacter ;
    schema:name "Nell Marsh" .

claim:the-quiet-field-release-year a nlmg:Claim ;
    rdf:subject work:the-quiet-field ;
    rdf:predicate nlmg:releaseYear ;
    rdf:object "2021"^^xsd:gYear ;
    nlmg:rank nlmg:NormalRank ;
    nlmg:verification nlmg:Unverified ;
    nlmg:statedIn source:article .

claim:the-quiet-field-cast-role-ada-example-nell-marsh a nlmg:Claim ;
    rdf:subject work:the-quiet-field ;
    rdf:predicate nlmg:castRole ;
    rdf:object role:ada-example-nell-marsh ;
    nlmg:rank nlmg:NormalRank ;
    nlmg:verification nlmg:Unverified ;
    nlmg:statedIn source:article .
"""


def scripts(path: Path) -> list[Element]:
    return list(parse(path).iter("script"))


def test_pages_embed_their_schema_org_markup(root: Path) -> None:
    (script,) = scripts(root / "work/never-let-me-go-2010.html")
    assert script.get("type") == "application/ld+json"
    markup = json.loads(script.text or "")
    assert markup["@id"] == FILM
    assert markup["@type"] == "Movie"
    (script,) = scripts(root / "person/carey-mulligan.html")
    assert json.loads(script.text or "")["name"] == "Carey Mulligan"
    (script,) = scripts(root / "character/kathy-h.html")  # no schema.org form: a page about it
    page = json.loads(script.text or "")
    assert page["@type"] == "WebPage" and page["about"]["@id"].endswith("/character/kathy-h")


HOSTILE = '</script><script>alert("x")</script><!-- & \u2028'


def test_hostile_data_is_escaped(tmp_path: Path) -> None:
    data = tmp_path / "hostile.ttl"
    name = HOSTILE.replace("\\", "\\\\").replace('"', '\\"')
    data.write_text(
        "@prefix schema: <https://schema.org/> .\n"
        "<https://w3id.org/nlmg/person/hostile> a schema:Person ;\n"
        f'    schema:name "{name}" ;\n'
        "    schema:sameAs <javascript:alert(1)> .\n"
        # an IRI that would escape the site if it were made a path
        "<https://w3id.org/nlmg/person/x/../../../escape> a schema:Person ;\n"
        '    schema:name "Escape" .\n',
        encoding="utf-8",
    )
    kg = nlmg_graph.load(data=[data])
    built = site.build_site(kg, tmp_path / "site")
    assert not (tmp_path / "escape.html").exists()
    assert all(tmp_path / "site" in path.parents for path in built)
    page = tmp_path / "site/person/hostile.html"
    document = parse(page)
    (h1,) = document.iter("h1")
    assert "".join(h1.itertext()) == HOSTILE
    for script in document.iter("script"):
        assert script.get("type") == "application/ld+json"
        assert json.loads(script.text or "")["name"] == HOSTILE
    hrefs = [a.get("href") or "" for a in document.iter("a")]
    assert not [h for h in hrefs if h.lower().startswith("javascript")], hrefs


def site_files(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in directory.rglob("*.html")}


def test_a_failed_build_leaves_the_previous_site(
    kg: nlmg_graph.KnowledgeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "site"
    site.build_site(kg, output)
    before = site_files(output)
    write = site._write
    calls = []

    def failing_write(path: Path, text: str) -> None:
        calls.append(path)
        if len(calls) == 10:
            raise RuntimeError("the disk is full")
        write(path, text)

    monkeypatch.setattr(site, "_write", failing_write)
    with pytest.raises(RuntimeError, match="disk is full"):
        site.build_site(kg, output)
    assert len(calls) == 10
    assert site_files(output) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no temporary directory


def test_a_rebuild_replaces_the_site_and_leaves_nothing_behind(
    kg: nlmg_graph.KnowledgeGraph, tmp_path: Path
) -> None:
    output = tmp_path / "site"
    site.build_site(kg, output)
    (output / "person/stale.html").write_text("<!doctype html>", encoding="utf-8")
    built = site.build_site(kg, output)
    assert not (output / "person/stale.html").exists()
    assert sorted(built) == sorted(output.rglob("*.html"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_directory_that_is_not_a_site_is_never_replaced(
    kg: nlmg_graph.KnowledgeGraph, tmp_path: Path
) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(NlmgGraphError, match="not a site written by nlmg-graph"):
        site.build_site(kg, tmp_path)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"
    with pytest.raises(NlmgGraphError, match="no such directory"):
        site.build_site(kg, tmp_path / "missing" / "site")


# -- a real browser ----------------------------------------------------------------------------


@pytest.mark.slow
def test_the_film_page_renders_in_a_browser(root: Path, tmp_path: Path) -> None:
    page = (root / "work/never-let-me-go-2010.html").as_uri()
    dom = run_chromium(tmp_path / "profile-dom", "--dump-dom", page).stdout
    assert "<title>Never Let Me Go · Never Let Me Go knowledge graph</title>" in dom
    assert "<h1>Never Let Me Go</h1>" in dom
    for actor in ("Carey Mulligan", "Andrew Garfield", "Keira Knightley", "Charlotte Rampling"):
        assert actor in dom, actor
    assert 'type="application/ld+json"' in dom
    assert "On one source's word" in dom and "listed by" in dom
    # The sections in the order the browser lays them out: the summary box first.
    order = re.findall(r'<section class="[^"]*" id="([^"]+)"', dom)
    assert order[:4] == ["summary", "cast", "crew", "awards"], order
    assert order.index("money") < order.index("neighbourhood") < order.index("facts"), order
    summary = dom[dom.index('id="summary"') : dom.index('id="cast"')]
    assert "Mark Romanek" in summary and "103 minutes" in summary
    assert dom.count("<svg") == 1 and "<script>" not in dom  # the diagram, and no script


# The pages the README shows, and the window each is shot in (1200 px wide, the top of the page).
SCREENSHOTS = {
    "film.png": ("work/never-let-me-go-2010.html", 1800),
    "person.png": ("person/carey-mulligan.html", 1000),
    "place.png": ("place/ham-house.html", 1000),
}


@pytest.mark.slow
def test_screenshots_of_a_film_a_person_and_a_place(
    root: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """Shoot the three pages; ``--update-screenshots`` copies them into docs/screenshots/."""
    for name, (page, height) in SCREENSHOTS.items():
        shot = tmp_path / name
        run_chromium(
            tmp_path / f"profile-{name}",
            f"--screenshot={shot}",
            f"--window-size=1200,{height}",
            "--hide-scrollbars",
            (root / page).as_uri(),
        )
        width, shot_height, pixels = png_size_and_pixels(shot.read_bytes())
        assert (width, shot_height) == (1200, height), name
        # A blank page compresses to a handful of distinct byte values; text and links add many.
        assert len(set(pixels)) > 50, f"{name} looks blank"
    if request.config.getoption("--update-screenshots"):
        target = Path(__file__).parent.parent / "docs/screenshots"
        target.mkdir(exist_ok=True)
        for name in SCREENSHOTS:
            shutil.copyfile(tmp_path / name, target / name)
