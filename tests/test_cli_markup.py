"""The command line for markup: `export --format schemaorg` and `validate --markup`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import extruct
import pytest
from rdflib.compare import isomorphic

import nlmg_graph
from nlmg_graph import schemaorg
from nlmg_graph.cli import main
from nlmg_graph.markup import expand

MARKUP = Path(__file__).parent / "fixtures" / "markup"
UNKNOWN_TYPE = MARKUP / "unknown-type.ttl"  # valid data, invalid markup
FILM = "https://w3id.org/nlmg/work/never-let-me-go-2010"
WARNINGS = 20
"""The shipped markup's warnings (tests/test_markup.py lists them): image and dateCreated for
each of the 7 films, director for the 3 related films without one, and the article's image,
author and dateModified."""
UNSOURCED = (
    "@prefix schema: <https://schema.org/> .\n"
    '<https://w3id.org/nlmg/work/never-let-me-go-2010> schema:genre "comedy"@en .\n'
)


@pytest.fixture(scope="module")
def shipped_markup() -> dict[str, object]:
    return schemaorg.markup(nlmg_graph.load())


def export(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["export", "--format", "schemaorg", *args])
    out, err = capsys.readouterr()
    return code, out, err


# -- export ------------------------------------------------------------------------------------


def test_export_to_stdout(
    capsys: pytest.CaptureFixture[str], shipped_markup: dict[str, object]
) -> None:
    code, out, err = export(capsys)
    assert code == 0, err
    assert json.loads(out) == shipped_markup
    assert err.splitlines() == [
        f"export: markup valid: 0 error(s), {WARNINGS} warning(s) (--verbose lists the warnings)"
    ]
    code, out, err = export(capsys, "--verbose")
    assert "schema:image" in err  # the report says what the data lacks
    assert err.splitlines()[-1].startswith(f"export: markup valid: 0 error(s), {WARNINGS} warning")


def test_export_html_to_a_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, shipped_markup: dict[str, object]
) -> None:
    target = tmp_path / "film.html"
    code, out, err = export(capsys, "--html", "--output", str(target))
    assert code == 0 and out == "", err
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    [found] = extruct.extract(page, syntaxes=["json-ld"], uniform=False)["json-ld"]
    assert isomorphic(expand(found), expand(shipped_markup))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["film.html"]


@pytest.mark.parametrize("html", [False, True])
def test_export_to_a_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path, html: bool) -> None:
    suffix = ".html" if html else ".jsonld"
    code, _, err = export(capsys, *(["--html"] if html else []), "--output", str(tmp_path))
    assert code == 0, err
    kg = nlmg_graph.load()
    stems = [
        iri.removeprefix("https://w3id.org/nlmg/").replace("/", "-")
        for iri in schemaorg.entities(kg)
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [f"index{suffix}", *(stem + suffix for stem in stems)]
    )
    film = (tmp_path / f"work-never-let-me-go-2010{suffix}").read_text(encoding="utf-8")
    [found] = (
        extruct.extract(film, syntaxes=["json-ld"], uniform=False)["json-ld"]
        if html
        else [json.loads(film)]
    )
    assert found == schemaorg.entity_markup(kg, "https://w3id.org/nlmg/work/never-let-me-go-2010")


def test_invalid_markup_is_refused_and_nothing_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "out.jsonld"
    folder = tmp_path / "site"
    folder.mkdir()
    for output in ([], ["--output", str(target)], ["--output", str(folder)]):
        code, out, err = export(capsys, "--data", str(UNKNOWN_TYPE), *output)
        assert code == 1
        assert out == ""
        assert "error work:never-let-me-go-2010 -: unknown schema.org type Moovie" in err
        assert "export refused" in err
    assert not target.exists()
    assert list(folder.iterdir()) == []


def test_force_writes_invalid_markup(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "out.jsonld"
    code, _, err = export(capsys, "--data", str(UNKNOWN_TYPE), "--force", "--output", str(target))
    assert code == 0
    assert "unknown schema.org type Moovie" in err
    written = json.loads(target.read_text(encoding="utf-8"))["@graph"]
    assert "Moovie" in next(node for node in written if node["@id"] == FILM)["@type"]


def test_non_conforming_data_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    mine = tmp_path / "mine.ttl"
    mine.write_text(UNSOURCED)
    code, out, err = export(capsys, "--data", str(mine))
    assert (code, out) == (1, "")
    assert "unsourced-fact-violation" in err and "export refused" in err


@pytest.mark.parametrize(
    "args",
    [["export", "--format", "turtle", "--html"], ["export", "--format", "turtle", "--output", "."]],
)
def test_markup_options_need_schemaorg(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    assert main(args) == 2
    assert "schemaorg" in capsys.readouterr().err


# -- validate --markup ---------------------------------------------------------------------------


def validate(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["validate", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_exported_markup(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for html in (False, True):
        target = tmp_path / ("page.html" if html else "doc.jsonld")
        export(capsys, *(["--html"] if html else []), "--output", str(target))
        code, out, err = validate(capsys, "--markup", str(target))
        assert code == 0, out + err
        assert all(line.startswith("warning ") for line in out.splitlines())
        assert f"markup valid: 0 error(s), {WARNINGS} warning(s)" in err


def test_validate_reports_issues_one_per_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = validate(capsys, "--markup", str(MARKUP / "invalid" / "wrong-type.jsonld"))
    assert code == 1
    assert (
        "error https://example.org/m schema:countryOfOrigin: "
        "https://example.org/p is a Person; Country is expected"
    ) in out.splitlines()
    assert all(line.split(" ")[0] in ("error", "warning") for line in out.splitlines())


def test_validate_markup_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = validate(
        capsys, "--markup", str(MARKUP / "invalid" / "bad-date.jsonld"), "--format", "json"
    )
    assert code == 1
    report = json.loads(out)
    assert report["conforms"] is False
    assert {
        "severity": "error",
        "node": "https://example.org/m",
        "property": "https://schema.org/datePublished",
        "message": "'last autumn' is not a valid Date or DateTime",
    } in report["issues"]


@pytest.mark.parametrize(
    "name", ["malformed/not-json.jsonld", "malformed/broken-script.html", "nope.json"]
)
def test_unreadable_markup_exits_2(capsys: pytest.CaptureFixture[str], name: str) -> None:
    path = MARKUP / name
    code, out, err = validate(capsys, "--markup", str(path))
    assert (code, out) == (2, "")
    assert err.startswith(f"nlmg-graph validate: error: {path}") and err.count("\n") == 1


def test_markup_takes_no_data(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = validate(
        capsys, "--markup", str(MARKUP / "valid" / "faq-page.html"), "--data", "x"
    )
    assert code == 2 and "--data" in err


# -- as a user runs it -----------------------------------------------------------------------------


@pytest.mark.slow
def test_command_line_round_trip(tmp_path: Path) -> None:
    """The installed command: export with a user's hostile data as HTML, validate the page."""
    page = tmp_path / "film.html"
    command = [sys.executable, "-m", "nlmg_graph"]
    done = subprocess.run(
        [
            *command,
            "export",
            "--format",
            "schemaorg",
            "--html",
            "--data",
            str(MARKUP / "hostile.ttl"),
            "--output",
            str(page),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    [found] = extruct.extract(
        page.read_text(encoding="utf-8"), syntaxes=["json-ld"], uniform=False
    )["json-ld"]
    [film] = (node for node in found["@graph"] if node["@id"] == FILM)
    assert "</script><script>alert(1)</script>" in film["alternateName"]
    done = subprocess.run(
        [*command, "validate", "--markup", str(page)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


# -- site ---------------------------------------------------------------------------------------


def site(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["site", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_site_writes_the_pages(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = site(capsys, "--output", str(tmp_path / "site"))
    assert (code, out) == (0, "")
    assert (tmp_path / "site" / "index.html").is_file()
    assert (tmp_path / "site" / "work" / "never-let-me-go-2010.html").is_file()
    assert "pages written" in err


def test_site_refuses_invalid_markup_unless_forced(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "site"
    code, _, err = site(capsys, "--output", str(target), "--data", str(UNKNOWN_TYPE))
    assert code == 1 and "site refused: the markup has errors" in err
    assert not target.exists()
    code, _, _ = site(capsys, "--output", str(target), "--data", str(UNKNOWN_TYPE), "--force")
    assert code == 0 and (target / "index.html").is_file()


def test_site_never_replaces_a_folder_it_did_not_write(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    code, out, err = site(capsys, "--output", str(tmp_path))
    assert (code, out) == (2, "")
    assert "nlmg-graph site: error:" in err and "Traceback" not in err
    assert (tmp_path / "notes.txt").read_text() == "mine"
