"""Any competency framework: the example handbook (examples/data-team), a 7-level fixture and `handbook init`.

The example is shaped unlike the shipped handbook: one language, five levels,
roles that require only some competencies, competencies without activities,
multi-paragraph texts with lists, and most optional fields left out. It is a
folder with only content/: no mkdocs.yml, no overrides. Every expectation
below is read from the example's own YAML, never from the generator's helpers.
"""

from __future__ import annotations

import functools
import http.server
import io
import re
import shutil
import threading
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import ROOT
from generator.build import build_site
from generator.cli import main
from generator.labels import TEMPLATES
from generator.pages import site_of
from generator.site import source_path
from generator.validate import load_model

EXAMPLE = ROOT / "examples" / "data-team"
SEVEN = Path(__file__).resolve().parent / "fixtures" / "seven-levels"


def read(root: Path, rel: str):
    return yaml.safe_load((root / "content" / "model" / rel).read_text(encoding="utf-8"))


def built(tmp: Path, source: Path) -> tuple[Path, Path]:
    """A copy of a handbook folder holding only content/, built strictly; (root, site)."""
    root = tmp / "handbook"
    shutil.copytree(source / "content", root / "content")
    build_site(root, root / "site", strict=True)
    return root, root / "site"


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    return built(tmp_path_factory.mktemp("example"), EXAMPLE)


@pytest.fixture(scope="module")
def seven(tmp_path_factory):
    return built(tmp_path_factory.mktemp("seven"), SEVEN)


def soup_of(root: Path, site_dir: Path, lang: str, path: str) -> BeautifulSoup:
    address = site_of(load_model(root)).address(lang, path)
    file = site_dir / address / "index.html" if address.endswith("/") or address == "" else site_dir / address
    return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


def article(soup: BeautifulSoup):
    return soup.select_one("article.md-content__inner")


def headings(soup: BeautifulSoup) -> list[str]:
    return [h.get_text(" ", strip=True).rstrip("¶").strip() for h in article(soup).find_all(["h2", "h3"])]


def words(lang: str, key: str, root: Path = EXAMPLE) -> str:
    return load_model(root).label(key, lang)


def competencies(root: Path = EXAMPLE) -> list[dict]:
    return [read(root, f"competencies/{cid}.yml") for cid in read(root, "handbook.yml")["competencies"]]


def roles(root: Path = EXAMPLE) -> list[dict]:
    return [read(root, f"roles/{rid}.yml") for rid in read(root, "handbook.yml")["roles"]]


def test_the_example_is_a_different_shape_and_only_content(example):
    hb = read(EXAMPLE, "handbook.yml")
    assert not (EXAMPLE / "mkdocs.yml").exists() and not (EXAMPLE / "overrides").exists()
    assert [x["code"] for x in hb["languages"]] == ["en"]
    assert len(hb["scale"]) == 5
    comps = competencies()
    assert any(not c.get("activities") for c in comps) and any(c.get("activities") for c in comps)
    assert all(len(r["levels"]) < len(comps) for r in roles()), "every role leaves some competency out"
    _, site = example
    assert (site / "index.html").is_file() and not (site / "en").exists(), "one language, at the site's root"


@pytest.mark.parametrize("lang", ["en"])
def test_competency_pages_show_only_the_sections_the_yaml_has(example, lang):
    root, site = example
    scale = {s["level"]: s["name"][lang] for s in read(EXAMPLE, "handbook.yml")["scale"]}
    for c in competencies():
        soup = soup_of(root, site, lang, source_path("competency", c["id"]))
        found = headings(soup)
        activities = f"{words(lang, 'activities')} ({len(c.get('activities', []))})"
        assert (activities in found) == bool(c.get("activities")), c["id"]
        assert (words(lang, "ksa-heading") in found) == any(c.get(k) for k in ("knowledge", "skills", "attitudes")), c["id"]
        for key in ("knowledge", "skills", "attitudes"):
            assert (words(lang, key) in found) == bool(c.get(key)), (c["id"], key)
        assert (words(lang, "levels-heading") in found) == bool(c.get("levels")), c["id"]
        rows = [th.get_text(" ", strip=True) for th in article(soup).select("table th[scope=row]")]
        assert rows == [f"{n} – {scale[n]}" for n in sorted(c.get("levels", {}))], c["id"]
        lead = article(soup).select_one("p.hb-lead em")
        assert (lead is not None) == bool(c.get("summary")), c["id"]


def test_role_pages_show_only_what_the_role_has(example):
    root, site = example
    lang = "en"
    comps = {c["id"]: c for c in competencies()}
    for r in roles():
        soup = soup_of(root, site, lang, source_path("role", r["id"]))
        body = article(soup)
        facts = [th.get_text(strip=True) for th in body.select("table:not(:has(thead)) th[scope=row]")]
        expected = [words(lang, key) for field, key in (("scope", "scope"), ("reports_to", "reports-to"), ("leads", "leads"), ("typical_titles", "typical-titles")) if r.get(field)]
        assert facts == expected, r["id"]
        assert (body.select_one(".admonition") is not None) == bool(r.get("status")), r["id"]
        if r.get("status"):
            assert words(lang, f"status-{r['status']}") in body.select_one(".admonition").get_text()
        assert (words(lang, "key-activities") in headings(soup)) == bool(r.get("key_activities")), r["id"]
        # the levels table lists exactly the required competencies; the rest are named as not required
        listed = [a.get_text(strip=True) for a in body.select("table:has(thead) td:first-child a")]
        assert listed == [comps[c]["title"][lang] for c in comps if c in r["levels"]], r["id"]
        others = [comps[c]["title"][lang] for c in comps if c not in r["levels"]]
        line = next(p for p in body.find_all("p") if words(lang, "not-required-list") in p.get_text())
        assert [a.get_text(strip=True) for a in line.find_all("a")] == others, r["id"]


def test_block_markdown_in_texts_renders_as_paragraphs_and_lists(example):
    """A level text `You can:\\n- a\\n- b` is a paragraph and a list, not 'You can: - a - b'."""
    root, site = example
    checked = 0
    for c in competencies():
        texts = [("description", c["description"]["en"])] + [(f"level {n}", t["en"]) for n, t in c.get("levels", {}).items()]
        soup = soup_of(root, site, "en", source_path("competency", c["id"]))
        items = [li.get_text(" ", strip=True) for li in article(soup).find_all("li")]
        page_text = article(soup).get_text(" ", strip=True)
        for where, text in texts:
            for line in text.splitlines():
                if line.startswith("- "):
                    item = re.sub(r"[*`]", "", line[2:]).strip()
                    assert item in items, (c["id"], where, item)
                    assert f"- {item}" not in page_text, (c["id"], where, "flattened list")
                    checked += 1
            assert text.count("\n\n") == 0 or len(article(soup).find_all("p")) > 2
    assert checked >= 10, "the example has multi-paragraph texts with lists"


def test_matrix_marks_what_a_role_does_not_require_and_shades_from_the_scale(example):
    root, site = example
    soup = soup_of(root, site, "en", source_path("matrix"))
    table = soup.select_one("table.hb-matrix")
    top = len(read(EXAMPLE, "handbook.yml")["scale"])
    rows = table.select("tbody tr")
    comps, rs = competencies(), roles()
    assert len(rows) == len(comps)
    for tr, c in zip(rows, comps):
        for td, r in zip(tr.find_all("td"), rs):
            level = r["levels"].get(c["id"])
            if level is None:
                assert "hb-not-required" in td["class"] and td.find("a") is None, (c["id"], r["id"])
                assert "—" in td.get_text() and words("en", "not-required") in td.get_text()
            else:
                assert td.get_text(strip=True) == str(level)
                assert f"hb-shade-{round((level - 1) * 8 / (top - 1))}" in td["class"], (c["id"], r["id"])
    assert f"(1–{top})" in table.caption.get_text()


def test_pair_pages_count_and_draw_only_what_either_role_requires(example):
    root, site = example
    rs, comps = roles(), competencies()
    for i, a in enumerate(rs):
        for b in rs[i + 1:]:
            ours = [c for c in comps if c["id"] in a["levels"] or c["id"] in b["levels"]]
            counts = {"only_a": 0, "only_b": 0, "differ": 0, "same": 0}
            for c in ours:
                la, lb = a["levels"].get(c["id"]), b["levels"].get(c["id"])
                counts["only_a" if lb is None else "only_b" if la is None else "same" if la == lb else "differ"] += 1
            soup = soup_of(root, site, "en", source_path("pair", a["id"], b["id"]))
            text = article(soup).get_text(" ", strip=True)
            summary = words("en", "pair-summary").format(a=(a.get("short") or a["title"])["en"], b=(b.get("short") or b["title"])["en"],
                                                         a_only=counts["only_a"], b_only=counts["only_b"], differ=counts["differ"], same=counts["same"])
            assert summary in text, (a["id"], b["id"])
            body = article(soup).select("table:has(thead) tbody tr")
            assert sorted(tr.find("a").get_text(strip=True) for tr in body) == sorted(c["title"]["en"] for c in ours)
            for tr in body:
                cells = [td.get_text(strip=True) for td in tr.find_all("td")]
                c = next(c for c in ours if c["title"]["en"] == cells[0])
                assert cells[1] == str(a["levels"].get(c["id"], "—")) and cells[2] == str(b["levels"].get(c["id"], "—"))
            chart = (site / "compare" / f"{a['id']}--{b['id']}.svg").read_text(encoding="utf-8")
            dark = len(re.findall(r'<rect x="270" y="\d+" width="\d+" height="13" fill="#1f2a44"/>', chart))
            assert dark == sum(1 for c in ours if c["id"] in a["levels"]), (a["id"], b["id"])


def test_self_check_rates_a_competency_without_activities_as_a_whole(example):
    root, site = example
    soup = soup_of(root, site, "en", source_path("self-check"))
    for c in competencies():
        box = soup.select_one(f'fieldset[data-competency="{c["id"]}"]')
        names = sorted({x["name"] for x in box.select("input[type=radio]")})
        expected = sorted(a["id"] for a in c.get("activities", [])) or [f"{c['id']}--whole"]
        assert names == expected, c["id"]
        assert len(box.select(f'input[name="{expected[0]}"]')) == len(read(EXAMPLE, "handbook.yml")["scale"]) + 1


def test_the_example_prints_its_lists_on_a4(example, browser):
    """The longest competency page on paper: lists as lists, on A4, without the screen's navigation."""
    root, site = example
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        longest = max(competencies(), key=lambda c: len(yaml.safe_dump(c)))
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/{site_of(load_model(root)).address('en', source_path('competency', longest['id']))}")
        page.emulate_media(media="print")
        assert page.locator("article li").count() >= 3
        reader = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))
        page.close()
    finally:
        httpd.shutdown()
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    assert 1 <= len(reader.pages) <= 3
    text = " ".join(p.extract_text() or "" for p in reader.pages)
    assert longest["title"]["en"] in text and words("en", "home") not in text.split(longest["title"]["en"])[0]


def test_seven_levels_colour_caption_chart_and_rate_all_seven(seven):
    root, site = seven
    hb = read(SEVEN, "handbook.yml")
    assert len(hb["scale"]) == 7
    lang = hb["languages"][0]["code"]
    soup = soup_of(root, site, lang, source_path("matrix"))
    assert "(1–7)" in soup.select_one("table.hb-matrix caption").get_text()
    shades = {int(m) for td in soup.select("td.hb-cell") for m in re.findall(r"hb-shade-(\d)", " ".join(td["class"]))}
    levels = {lv for r in roles(SEVEN) for lv in r["levels"].values()}
    assert shades == {round((lv - 1) * 8 / 6) for lv in levels} and {1, 7} <= levels
    css = (ROOT / "generator" / "theme" / "assets" / "handbook.css").read_text(encoding="utf-8")
    backgrounds = dict(re.findall(r"\.hb-shade-(\d) \{ background: (#[0-9a-f]{6}); \}", css))
    assert sorted(backgrounds) == [str(k) for k in range(9)] and len(set(backgrounds.values())) == 9
    rs = roles(SEVEN)
    chart = (site / "compare" / f"{rs[0]['id']}--{rs[1]['id']}.svg").read_text(encoding="utf-8")
    assert [int(x) for x in re.findall(r'text-anchor="middle">(\d+)</text>', chart)] == list(range(8))
    check = soup_of(root, site, lang, source_path("self-check"))
    first = check.select_one("fieldset.hb-sc-question")
    assert [x["value"] for x in first.select("input[type=radio]")] == [str(n) for n in range(1, 8)] + ["na"]


def test_init_writes_a_handbook_that_builds_and_never_overwrites(tmp_path, capsys):
    target = tmp_path / "new"
    assert main(["init", str(target)]) == 0
    assert sorted(p.name for p in (target / "content").iterdir()) == ["model", "pages"]
    build_site(target, tmp_path / "site", strict=True)
    model = load_model(target)
    assert len(model.handbook.languages) == 2 and (tmp_path / "site" / "index.html").is_file()
    before = {p: p.read_bytes() for p in target.rglob("*") if p.is_file()}
    assert main(["init", str(target)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert before == {p: p.read_bytes() for p in target.rglob("*") if p.is_file()}


def test_every_label_a_template_uses_is_named_literally():
    """The label check reads t("key") calls; a key built at render time would escape it."""
    for path in TEMPLATES.glob("*.j2"):
        source = path.read_text(encoding="utf-8")
        dynamic = [m.group(0) for m in re.finditer(r"(?<![\w.])t\((?![\"'])[^)]*\)", source)]
        composed = [m.group(0) for m in re.finditer(r"""(?<![\w.])t\(["'][a-z-]+["']\s*~""", source)]
        assert dynamic == [], path.name
        assert all("status-" in c for c in composed), path.name  # the one composed key, listed in labels.COMPOSED
