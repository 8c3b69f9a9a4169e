"""Script injection, end to end: every kind of text in the model, with every injection class in it.

Two layers, each tested on its own:

1. `handbook check` refuses each payload with a located error (the broken-input
   corpus and test_text.py pin the exact messages);
2. with that check switched off, the pages that the build makes from the same
   payloads still carry no script: every model text reaches HTML through
   text.py's sanitiser, so no element gets an event handler, no link a
   javascript: or data: address, and no dialog opens in Chromium.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import MINIMAL, copy_project, html_file
from generator.build import build_site
from generator.errors import ModelError
from generator.labels import default_words
from generator.pages import plan_files, site_of
from generator.validate import load_model

PAYLOADS = [
    "<details/open/ontoggle=alert(1)>x</details>",
    "a \\`<script>alert(2)</script>",
    "text {: onmouseover=alert(3) }",
    "![x](data:,){: onerror=alert(4) }",
    "[a](javascript:alert(5))",
    "[b](JaVaScRiPt:alert(6))",
    "<img src=x onerror=alert(7)>",
    "<svg/onload=alert(8)>",
    "[c](java&#x09;script:alert(9))",
    "<a href=\"x\" onclick=\"alert(10)\">x</a>",
    "\"><script>alert(11)</script>",
    "[d][r]\n\n[r]: javascript:alert(12)",
    "<javascript:alert(13)>",
]
# Where each kind of model text is used: titles (headings, links, attributes, SVG, JSON), short labels,
# longer texts, list items, the handbook's own words and the interface labels.
FIELDS = [
    ("content/model/handbook.yml", ["title"]), ("content/model/handbook.yml", ["subtitle"]),
    ("content/model/handbook.yml", ["model_name"]), ("content/model/handbook.yml", ["labels", "print"]),
    ("content/model/handbook.yml", ["labels", "compare-matrix"]), ("content/model/handbook.yml", ["scale", 0, "name"]),
    ("content/model/competencies/listening.yml", ["title"]), ("content/model/competencies/listening.yml", ["summary"]),
    ("content/model/competencies/listening.yml", ["description"]), ("content/model/competencies/listening.yml", ["knowledge", 0]),
    ("content/model/competencies/listening.yml", ["levels", 1]), ("content/model/competencies/listening.yml", ["activities", 0, "title"]),
    ("content/model/competencies/listening.yml", ["activities", 0, "examples", 0]),
    ("content/model/roles/agent.yml", ["title"]), ("content/model/roles/agent.yml", ["short"]),
    ("content/model/roles/agent.yml", ["purpose"]), ("content/model/roles/agent.yml", ["typical_titles", 0]),
    ("content/model/glossary.yml", ["terms", 0, "term"]), ("content/model/glossary.yml", ["terms", 0, "definition"]),
]
EVENT = re.compile(r"^on", re.I)
BAD_URL = re.compile(r"^\s*(javascript|data|vbscript):", re.I)


def poisoned(root: Path) -> Path:
    """The small fixture with a payload in every field kind, in every language (each field its own payload)."""
    for i, (rel, keys) in enumerate(FIELDS):
        path = root / rel
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if keys[0] == "labels":  # an interface word the handbook takes over from the package's
            data.setdefault("labels", {}).setdefault(keys[1], {code: default_words(code)[keys[1]] for code in ("et", "en")})
        node = data
        for key in keys:
            node = node[key]
        for j, lang in enumerate(sorted(node)):
            node[lang] = f"{node[lang]} {PAYLOADS[(i + j) % len(PAYLOADS)]}"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


def test_check_refuses_every_payload_with_a_located_error(tmp_path):
    root = poisoned(copy_project(tmp_path, content=MINIMAL / "content"))
    with pytest.raises(ModelError) as caught:
        load_model(root)
    located = {(e.location.path, e.location.line) for e in caught.value.errors}
    assert len(located) >= len(FIELDS), "\n".join(map(str, caught.value.errors))
    for rel, _ in FIELDS:
        assert any(path == rel for path, _ in located), rel


def test_version_that_could_end_an_attribute_is_refused(tmp_path):
    root = copy_project(tmp_path, content=MINIMAL / "content")
    hb = root / "content/model/handbook.yml"
    hb.write_text(re.sub(r'version: "[^"]*"', 'version: "1.0\\"><script>alert(1)</script>"', hb.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(ModelError) as caught:
        load_model(root)
    assert [str(e) for e in caught.value.errors] == [
        "content/model/handbook.yml:6:10: 'version': '1.0\"><script>alert(1)</script>' is not a version; write numbers with dots, like 2022.1 or 2.0 (optionally -beta)"
    ]


@pytest.fixture(scope="module")
def unchecked_site(tmp_path_factory):
    """The poisoned fixture built with the text check switched off: only the rendering path stands in the way."""
    import generator.schema

    root = poisoned(copy_project(tmp_path_factory.mktemp("poisoned"), content=MINIMAL / "content"))
    mp = pytest.MonkeyPatch()
    mp.setattr(generator.schema, "_text_problems", lambda value: [])
    try:
        model = load_model(root)
        build_site(root, root / "site", strict=False)
    finally:
        mp.undo()
    return root, model


def test_no_page_carries_script_from_the_model(unchecked_site):
    root, _model = unchecked_site
    files = sorted((root / "site").rglob("*.html")) + sorted((root / "site").rglob("*.svg"))
    assert len(files) > 20
    offenders = []
    for path in files:
        doc = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for el in doc.find_all(True):
            for attr, value in el.attrs.items():
                value = " ".join(value) if isinstance(value, list) else value
                if EVENT.match(attr):
                    offenders.append(f"{path.relative_to(root)}: <{el.name} {attr}={value!r}>")
                if attr in ("href", "src", "action", "formaction", "xlink:href") and BAD_URL.match(value or ""):
                    offenders.append(f"{path.relative_to(root)}: <{el.name} {attr}={value!r}>")
            if el.name in ("iframe", "object", "embed", "details") or (el.name == "img" and "hb-chart" not in el.get("class", [])
                                                                         and not el.get("src", "").startswith(("../", "assets", "/"))):
                offenders.append(f"{path.relative_to(root)}: <{el.name}> from the model")
            if el.name == "script" and "alert(" in (el.string or "") and el.get("type") != "application/json":
                offenders.append(f"{path.relative_to(root)}: a script element runs model text")
    assert offenders == []


def test_the_payloads_are_shown_as_text(unchecked_site):
    """Sanitised, not dropped without a trace: the reader sees the words of the field around the payload."""
    root, model = unchecked_site
    site = site_of(model)
    page = html_file(root / "site", site.default, "competencies/listening.md", site)
    text = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text(" ")
    assert "alert(" in text, "what the sanitiser could not render stays readable as text"


def test_no_dialog_opens_in_chromium(unchecked_site, browser):
    """Load every page of the poisoned site and point at, focus and open everything on it: no alert()."""
    import functools
    import http.server
    import threading

    root, model = unchecked_site
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root / "site"))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    dialogs: list[str] = []
    context = browser.new_context()
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    site = site_of(model)
    try:
        for lang in site.languages:
            for spec in plan_files(model, lang):
                page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/{site.address(lang, spec.path)}")
                # what a reader does to a page: point at everything, focus it, open what opens
                page.evaluate("""() => { for (const el of document.querySelectorAll('body *')) {
                    for (const type of ['mouseover', 'mouseenter', 'focus', 'animationstart'])
                        el.dispatchEvent(new Event(type, {bubbles: true}));
                    if (el.tagName === 'DETAILS') el.open = true; } }""")
                page.wait_for_load_state("load")
    finally:
        context.close()
        httpd.shutdown()
    assert dialogs == []
