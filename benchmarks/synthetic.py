"""Synthetic, shape-valid graphs in the project's own model, of a chosen size, for benchmarks.

The graph is a catalogue of invented films written the way ``data/*.ttl`` writes the real one
(docs/MODEL.md): films with titles, dates, runtimes, genres, countries, a director and a
production company; people with birth dates and places; characters; cast and crew credits as
value nodes; award categories and nominations; box-office figures with a preferred, a normal
and sometimes a deprecated, refuted claim. Every fact is backed by an ``nlmg:Claim`` with its
sources, rank and verification, so the graph, merged with the shipped one, conforms to
``ontology/shapes.ttl`` and passes the five stored ``*-violation`` checks.

With ``--violations N`` the graph is then broken in N places, spread evenly over ten kinds of
mistake (:data:`BREAKS`: a wrong datatype, a value outside its list or range, a missing rank,
a person of the wrong class, a misspelt property, a fact changed without its claim...), each a
different shape or stored check, for tests and benchmarks of how validation reports them.

Output is N-Triples, streamed (1e6 triples take a few seconds), and deterministic: the same
seed and size give the same bytes. Every IRI is under https://w3id.org/nlmg/ with a slug that
starts with ``synthetic-``, so nothing collides with the shipped graph.

    python benchmarks/synthetic.py --triples 100000 --seed 1 --output /tmp/g.nt
    python benchmarks/synthetic.py --triples 10000 --violations 300 --output /tmp/broken.nt
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

BASE = "https://w3id.org/nlmg/"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_SCHEMA = "https://schema.org/"
_NLMG = BASE + "ontology/"

TYPE = f"<{_RDF}type>"

#: Fixed pools shared by all films; films, people, characters and credits grow with the size.
SOURCES = 12
COUNTRIES = 8
COMPANIES = 30
AWARD_BODIES = 4
CATEGORIES_PER_BODY = 5

_GENRES = ("drama", "comedy", "thriller", "science fiction", "romance", "documentary")
_CREW_FUNCTIONS = ("Screenwriter", "DirectorOfPhotography", "FilmEditor", "ProductionDesigner")
_OUTCOMES = ("Won", "Nominated", "Shortlisted", "Listed")
_CATEGORIES = ("Best Film", "Best Director", "Best Actress", "Best Actor", "Best Screenplay")
_SECTIONS = ("Overview", "Cast", "Production", "Release", "Reception")


def iri(namespace: str, slug: str) -> str:
    """Return the N-Triples IRI of ``slug`` in the project's ``namespace`` (``work``, ...)."""
    return f"<{BASE}{namespace}/{slug}>"


def schema(name: str) -> str:
    """Return the N-Triples IRI of the schema.org term ``name``."""
    return f"<{_SCHEMA}{name}>"


def nlmg(name: str) -> str:
    """Return the N-Triples IRI of the project's ontology term ``name``."""
    return f"<{_NLMG}{name}>"


def text(value: str, language: str | None = None) -> str:
    """Return a string literal (``@language`` if given), escaped for N-Triples."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"@{language}' if language else f'"{escaped}"'


def typed(value: object, datatype: str) -> str:
    """Return a literal of the XSD ``datatype`` (``date``, ``gYear``, ``decimal``...)."""
    return f'"{value}"^^<{_XSD}{datatype}>'


@dataclass
class GraphWriter:
    """Writes triples as N-Triples lines and counts them; facts get their claim records."""

    out: TextIO
    rng: random.Random
    sources: list[str] = field(default_factory=list)
    triples: int = 0

    def triple(self, subject: str, predicate: str, obj: str) -> None:
        """Write one triple."""
        self.out.write(f"{subject} {predicate} {obj} .\n")
        self.triples += 1

    def claim(
        self,
        slug: str,
        fact: tuple[str, str, str],
        *,
        rank: str = "NormalRank",
        verification: str = "Corroborated",
        contradicted_by: str | None = None,
    ) -> str:
        """Write the claim record ``claim:slug`` for ``fact`` and return its IRI.

        A deprecated claim gets a reason and its evidence (``contradicted_by``), as the
        shapes require; it cites one source, a sourced claim one or two, and some name the
        section of the source they come from.
        """
        node = iri("claim", slug)
        subject, predicate, obj = fact
        self.triple(node, TYPE, nlmg("Claim"))
        self.triple(node, f"<{_RDF}subject>", subject)
        self.triple(node, f"<{_RDF}predicate>", predicate)
        self.triple(node, f"<{_RDF}object>", obj)
        self.triple(node, nlmg("rank"), nlmg(rank))
        self.triple(node, nlmg("verification"), nlmg(verification))
        cited = self.rng.sample(self.sources, 1 if contradicted_by else self.rng.randint(1, 2))
        for source in cited:
            self.triple(node, nlmg("statedIn"), source)
        if self.rng.random() < 0.5:
            self.triple(node, nlmg("sourceSection"), text(self.rng.choice(_SECTIONS)))
        if contradicted_by:
            reason = "Synthetic: the figure disagrees with the preferred claim's sources."
            self.triple(node, nlmg("deprecationReason"), text(reason, "en"))
            self.triple(node, nlmg("contradictedBy"), contradicted_by)
        return node

    def fact(self, subject: tuple[str, str], predicate: tuple[str, str], obj: str) -> None:
        """Write a fact and the normal-rank claim that backs it.

        ``subject`` and ``predicate`` are (IRI, slug) pairs; the claim's slug is the subject's
        slug, the property's and a running number for the subject+property.
        """
        self.triple(subject[0], predicate[0], obj)
        self.claim(f"{subject[1]}-{predicate[1]}-{self.triples}", (subject[0], predicate[0], obj))


@dataclass
class Catalogue:
    """The shared pools of a synthetic graph, and the people created so far."""

    countries: list[str]
    companies: list[str]
    categories: list[tuple[str, str]]  # (category IRI, its award body's IRI)
    people: list[str] = field(default_factory=list)


def _pools(w: GraphWriter) -> Catalogue:
    """Write the sources, countries, companies, award bodies and categories."""
    for n in range(1, SOURCES + 1):
        source = iri("source", f"synthetic-source-{n:03d}")
        w.triple(source, TYPE, nlmg("Source"))
        w.triple(source, schema("name"), text(f"Synthetic source {n}"))
        w.triple(source, schema("datePublished"), typed(f"2020-01-{n:02d}", "date"))
        w.sources.append(source)
    countries = []
    for n in range(1, COUNTRIES + 1):
        country = iri("place", f"synthetic-country-{n:03d}")
        w.triple(country, TYPE, schema("Country"))
        w.triple(country, schema("name"), text(f"Synthetic Country {n}"))
        countries.append(country)
    companies = []
    for n in range(1, COMPANIES + 1):
        company = iri("organization", f"synthetic-company-{n:03d}")
        w.triple(company, TYPE, schema("Organization"))
        w.triple(company, schema("name"), text(f"Synthetic Pictures {n}"))
        companies.append(company)
    categories = []
    for b in range(1, AWARD_BODIES + 1):
        body = iri("organization", f"synthetic-award-body-{b}")
        w.triple(body, TYPE, schema("Organization"))
        w.triple(body, schema("name"), text(f"Synthetic Film Awards {b}"))
        for c, name in enumerate(_CATEGORIES[:CATEGORIES_PER_BODY], start=1):
            slug = f"synthetic-award-body-{b}-category-{c}"
            category = iri("award", slug)
            w.triple(category, TYPE, nlmg("AwardCategory"))
            w.triple(category, schema("name"), text(name))
            w.fact((category, slug), (nlmg("awardBody"), "award-body"), body)
            categories.append((category, body))
    return Catalogue(countries, companies, categories)


def _person(w: GraphWriter, pools: Catalogue) -> str:
    """Write a new person with a birth date and a birthplace (both claimed)."""
    slug = f"synthetic-person-{len(pools.people) + 1:06d}"
    person = iri("person", slug)
    w.triple(person, TYPE, schema("Person"))
    w.triple(person, schema("name"), text(f"Synthetic Person {len(pools.people) + 1}"))
    born = f"{w.rng.randint(1920, 2000)}-{w.rng.randint(1, 12):02d}-{w.rng.randint(1, 28):02d}"
    w.fact((person, slug), (schema("birthDate"), "birth-date"), typed(born, "date"))
    w.fact((person, slug), (schema("birthPlace"), "birth-place"), w.rng.choice(pools.countries))
    pools.people.append(person)
    return person


def _box_office(w: GraphWriter, film: str, slug: str) -> None:
    """Write box-office claims: preferred (the fact), normal (outranked), maybe deprecated."""
    ranks = [("PreferredRank", "Corroborated"), ("NormalRank", "Unverified")]
    if w.rng.random() < 0.2:
        ranks.append(("DeprecatedRank", "Refuted"))
    preferred = ""
    for n, (rank, verification) in enumerate(ranks, start=1):
        amount = iri("amount", f"{slug}-box-office-{n}")
        w.triple(amount, TYPE, nlmg("MoneyAmount"))
        w.triple(amount, TYPE, schema("MonetaryAmount"))
        w.triple(amount, schema("value"), typed(f"{w.rng.randint(1, 500) * 100000}.0", "decimal"))
        w.triple(amount, schema("currency"), text("USD"))
        if rank == "PreferredRank":
            w.triple(film, nlmg("boxOffice"), amount)
        claim = w.claim(
            f"{slug}-box-office-{n}",
            (film, nlmg("boxOffice"), amount),
            rank=rank,
            verification=verification,
            contradicted_by=preferred if rank == "DeprecatedRank" else None,
        )
        preferred = preferred or claim


def _film(w: GraphWriter, pools: Catalogue, number: int) -> None:
    """Write one film with its people, characters, credits, nomination and box office."""
    rng = w.rng
    slug = f"synthetic-film-{number:06d}"
    film = iri("work", slug)
    subject = (film, slug)
    year = rng.randint(1950, 2009)
    w.triple(film, TYPE, schema("Movie"))
    w.triple(film, schema("name"), text(f"Synthetic Film {number}"))
    date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    w.fact(subject, (schema("datePublished"), "date-published"), typed(date, "date"))
    w.fact(subject, (nlmg("releaseYear"), "release-year"), typed(year, "gYear"))
    w.fact(
        subject, (schema("duration"), "duration"), typed(f"PT{rng.randint(80, 180)}M", "duration")
    )
    w.fact(subject, (schema("genre"), "genre"), text(rng.choice(_GENRES), "en"))
    w.fact(subject, (schema("inLanguage"), "in-language"), text("en"))
    for country in rng.sample(pools.countries, rng.randint(1, 2)):
        w.fact(subject, (schema("countryOfOrigin"), "country-of-origin"), country)
    w.fact(subject, (schema("director"), "director"), _person(w, pools))
    w.fact(
        subject, (schema("productionCompany"), "production-company"), rng.choice(pools.companies)
    )
    # Cast: two new actors and two who have been in earlier films, so people connect films.
    actors = [_person(w, pools), _person(w, pools), *rng.sample(pools.people, 2)]
    for order, actor in enumerate(actors, start=1):
        character_slug = f"{slug}-character-{order}"
        character = iri("character", character_slug)
        w.triple(character, TYPE, nlmg("FictionalCharacter"))
        w.triple(character, schema("name"), text(f"Character {order} of Synthetic Film {number}"))
        w.fact((character, character_slug), (nlmg("presentInWork"), "present-in-work"), film)
        role = iri("role", f"{slug}-cast-{order}")
        w.triple(role, TYPE, nlmg("CastRole"))
        w.triple(role, schema("actor"), actor)
        w.triple(role, nlmg("character"), character)
        w.triple(role, schema("characterName"), text(f"Character {order}"))
        w.triple(role, nlmg("lifeStage"), nlmg(rng.choice(("Adult", "Child"))))
        w.triple(role, nlmg("billingOrder"), typed(order, "integer"))
        w.fact(subject, (nlmg("castRole"), "cast-role"), role)
    for n in range(1, rng.randint(1, 2) + 1):
        role = iri("role", f"{slug}-crew-{n}")
        w.triple(role, TYPE, nlmg("CrewRole"))
        w.triple(role, nlmg("crewFunction"), nlmg(rng.choice(_CREW_FUNCTIONS)))
        w.triple(role, nlmg("creditedPerson"), rng.choice(pools.people))
        w.fact(subject, (nlmg("crewRole"), "crew-role"), role)
    if rng.random() < 0.5:
        category, body = rng.choice(pools.categories)
        nomination = iri("award", f"{slug}-nomination-1")
        w.triple(nomination, TYPE, nlmg("AwardNomination"))
        w.triple(nomination, nlmg("awardCategory"), category)
        w.triple(nomination, nlmg("awardBody"), body)
        w.triple(nomination, nlmg("awardYear"), typed(year + rng.randint(0, 1), "gYear"))
        w.triple(nomination, nlmg("nominee"), rng.choice(actors))
        w.triple(nomination, nlmg("outcome"), nlmg(rng.choice(_OUTCOMES)))
        w.fact(subject, (nlmg("nomination"), "nomination"), nomination)
    _box_office(w, film, slug)


def generate(out: TextIO, *, triples: int, seed: int) -> int:
    """Write a synthetic graph of about ``triples`` triples to ``out``; return the count.

    The shared pools come first, then films until the count reaches ``triples`` (a film and
    its people, credits and claims are a few hundred triples, so small sizes overshoot by up
    to that much).
    """
    writer = GraphWriter(out, random.Random(seed))
    pools = _pools(writer)
    for _ in range(2):  # the first cast draws two earlier actors
        _person(writer, pools)
    films = 0
    while writer.triples < triples:
        films += 1
        _film(writer, pools, films)
    return writer.triples


#: The mistakes :func:`break_graph` plants: the predicate of the line it changes, and what the
#: line's object becomes (``None``: the line is dropped; a ``predicate:`` prefix: the predicate
#: is replaced instead, keeping the object).
BREAKS: tuple[tuple[str, str | None], ...] = (
    (schema("birthDate"), text("unknown")),  # PersonShape-birthDate: not an xsd:date
    (nlmg("lifeStage"), nlmg("Elderly")),  # CastRoleShape-lifeStage: not in the list
    (nlmg("billingOrder"), typed(0, "integer")),  # CastRoleShape-billingOrder: below 1
    (nlmg("rank"), None),  # ClaimShape-rank: no rank (and the fact loses its backing)
    (nlmg("verification"), nlmg("Maybe")),  # ClaimShape-verification: not in the list
    (schema("actor"), iri("source", "synthetic-source-001")),  # CastRoleShape-actor: no Person
    (schema("value"), typed("-100.0", "decimal")),  # MoneyAmountShape-value: below 0
    (nlmg("statedIn"), "predicate:" + nlmg("statedin")),  # ClaimShape: closed, misspelt
    (nlmg("outcome"), nlmg("Lost")),  # AwardNominationShape-outcome: not in the list
    (schema("genre"), text("drama", "fr")),  # a fact changed without its claim: stored checks
)


def break_graph(lines: list[str], *, violations: int, seed: int) -> list[str]:
    """Return N-Triples ``lines`` with ``violations`` lines broken, as evenly over
    :data:`BREAKS` as the graph allows; the same lines, count and seed give the same result."""
    rng = random.Random(seed)
    candidates: dict[str, list[int]] = {predicate: [] for predicate, _ in BREAKS}
    for number, line in enumerate(lines):
        predicate = line.split(" ", 2)[1] if line.count(" ") >= 2 else ""
        if predicate in candidates:
            candidates[predicate].append(number)
    broken = list(lines)
    for kind, (predicate, change) in enumerate(BREAKS):
        share = violations // len(BREAKS) + (kind < violations % len(BREAKS))
        for number in rng.sample(candidates[predicate], min(share, len(candidates[predicate]))):
            subject, _, rest = lines[number].split(" ", 2)
            if change is None:
                broken[number] = ""
            elif change.startswith("predicate:"):
                broken[number] = f"{subject} {change.removeprefix('predicate:')} {rest}"
            else:
                broken[number] = f"{subject} {predicate} {change} .\n"
    return [line for line in broken if line]


def write_graph(
    path: str | os.PathLike[str], *, triples: int, seed: int, violations: int = 0
) -> int:
    """Write a synthetic graph to ``path`` (N-Triples) atomically; return its triple count.

    With ``violations``, the graph is broken in that many places (:func:`break_graph`).
    """
    target = Path(path)
    partial = target.with_name(f".{target.name}.partial")
    with partial.open("w", encoding="utf-8", newline="\n", buffering=1 << 20) as out:
        if violations:
            graph = io.StringIO()
            generate(graph, triples=triples, seed=seed)
            lines = graph.getvalue().splitlines(keepends=True)
            kept = break_graph(lines, violations=violations, seed=seed)
            out.writelines(kept)
            count = len(kept)
        else:
            count = generate(out, triples=triples, seed=seed)
    partial.replace(target)
    return count


def _size(value: str) -> int:
    """Parse a triple count written as ``100000`` or ``1e5``."""
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of triples: {value!r}") from None
    if not 1 <= number <= 1e9 or number != int(number):
        raise argparse.ArgumentTypeError(f"not a whole number of triples from 1 to 1e9: {value}")
    return int(number)


def main(argv: list[str] | None = None) -> None:
    """Command line: ``--triples N --seed S --output FILE.nt`` (``-`` for standard output)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=_size, default=10_000, help="about how many triples")
    parser.add_argument("--seed", type=int, default=1, help="random seed (same seed, same bytes)")
    parser.add_argument("--output", default="-", help="N-Triples file to write, - for stdout")
    parser.add_argument(
        "--violations", type=int, default=0, help="break the graph in this many places"
    )
    args = parser.parse_args(argv)
    if args.output == "-" and not args.violations:
        count = generate(sys.stdout, triples=args.triples, seed=args.seed)
    else:
        output = "/dev/stdout" if args.output == "-" else args.output
        count = write_graph(
            output, triples=args.triples, seed=args.seed, violations=args.violations
        )
        print(f"wrote {count} triples to {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
