"""generator/text.py: the one sanitised path from a model text to HTML.

Every output is checked the way the site uses it: pasted into a Markdown page
(a paragraph, a heading, a list item, a table cell, a `<div markdown>` block)
and rendered again by python-markdown with the site's extensions; the HTML is
then parsed with BeautifulSoup, as a browser would read it.
"""

from __future__ import annotations

import re
import time

import markdown
import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import text as T
from generator.text import attribute, block, inline, plain, problems

SITE_EXTENSIONS = ["admonition", "attr_list", "def_list", "md_in_html", "tables", "toc"]

# Where the templates put a text; @@ is the text.
INLINE_CONTEXTS = {
    "paragraph": "Before.\n\n@@\n\nAfter.\n",
    "line after text": "Intro line\n@@\n",
    "heading": "# @@\n",
    "heading with id": "## @@ {: #fixed }\n",
    "list item": "- @@\n- other\n",
    "numbered item": "1. @@\n2. other\n",
    "link text": "[@@](page.md)\n",
    "table cell": "| h1 | h2 |\n|---|---|\n| @@ | z |\n",
    "lead": "*@@*\n{: .hb-lead }\n",
    "definition": "Term\n:   @@\n",
    "md_in_html": "<div markdown>\n\n@@\n\n</div>\n",
}
BLOCK_CONTEXTS = {
    "between paragraphs": "Before.\n\n@@\n\nAfter.\n",
    "md_in_html": "<div markdown>\n\n@@\n\n</div>\n",
    "after a heading": "## Heading\n\n@@\n",
}

FORBIDDEN_ELEMENTS = {
    "script", "iframe", "object", "embed", "svg", "img", "style", "details", "math", "form", "input", "base", "meta",
    "link", "frame", "frameset", "video", "audio", "source", "template", "textarea", "button", "select", "picture",
}


def render(doc: str) -> str:
    return markdown.markdown(doc, extensions=SITE_EXTENSIONS)


def scheme_of(url: str) -> str | None:
    """The scheme a browser reads, worked out here independently of generator.text."""
    cleaned = re.sub(r"[\t\n\r]", "", url.strip("".join(chr(c) for c in range(33))))
    m = re.match(r"([a-zA-Z][a-zA-Z0-9+.\-]*):", cleaned)
    return m.group(1).lower() if m else None


def assert_safe(page_html: str) -> BeautifulSoup:
    """No script-capable element, no event handler or other added attribute, no link with a bad scheme."""
    soup = BeautifulSoup(page_html, "html.parser")
    for el in soup.find_all(True):
        assert el.name not in FORBIDDEN_ELEMENTS, page_html
        for name, value in el.attrs.items():
            assert not name.lower().startswith("on"), page_html
            allowed = {
                "a": {"href", "rel"}, "ol": {"start"}, "div": set(), "p": {"class"},
                "h1": {"id"}, "h2": {"id"},
            }.get(el.name, set())
            assert name in allowed, f"<{el.name} {name}=...> in {page_html}"
            if name == "class":
                assert value == ["hb-lead"], page_html  # only the template's own
            if name == "id":
                assert re.fullmatch(r"[\w-]+", value), page_html
            if name == "href":
                assert scheme_of(value) in (None, "http", "https", "mailto"), page_html
    return soup


def in_contexts(output: str, contexts: dict[str, str]) -> dict[str, str]:
    return {name: render(ctx.replace("@@", output)) for name, ctx in contexts.items()}


# --- the security corpus: each passed the old regex check, or is a close relative ----

ATTACKS = {
    "details with slashes": "<details/open/ontoggle=alert(1)>",
    "tag without space": "<b/onclick=alert(1)>x</b>",
    "escaped backtick before script": "A \\` <script>alert(1)</script> `",
    "unclosed code span": "`x <script>alert(1)</script>",
    "uppercase script": "<SCRIPT>alert(1)</SCRIPT>",
    "script block": "<script>alert(1)</script>",
    "style block": "<style>body{display:none}</style>",
    "img onerror": "<img src=x onerror=alert(1)>",
    "svg onload": "<svg/onload=alert(1)>",
    "iframe": "<iframe src=javascript:alert(1)></iframe>",
    "object": "<object data=x.swf></object>",
    "embed": "<embed src=x>",
    "comment": "x <!-- y --> z",
    "md_in_html div": "<div markdown onclick=alert(1)>x</div>",
    "md_in_html p": "<p markdown>*x*</p>",
    "attr_list after paragraph": "Some text\n{: onmouseover=alert(1) }",
    "attr_list after image": "![x](data:,){: onerror=alert(1) }",
    "attr_list after emphasis": "*x*{: onclick=alert(1) }",
    "attr_list after link": "[x](https://example.org){: onclick=alert(1) }",
    "attr_list at end": "Title {: onclick=alert(1) }",
    "attr_list id": "Title {#evil}",
    "attr_list class": "Title {.md-button}",
    "attr_list bare handler": "Title {onclick}",
    "javascript link": "[x](javascript:alert(1))",
    "javascript mixed case": "[x](JaVaScRiPt:alert(1))",
    "javascript tab entity": "[x](java&#x09;script:alert(1))",
    "javascript newline entity": "[x](java&#10;script:alert(1))",
    "javascript letter entity": "[x](&#106;avascript:alert(1))",
    "javascript colon entity": "[x](javascript&colon;alert(1))",
    "javascript leading space": "[a]( javascript:alert(1))",
    "javascript in angle brackets": "[a](<javascript:alert(1)>)",
    "javascript with title": '[a](javascript:alert(1) "t")',
    "vbscript": "[a](vbscript:msgbox(1))",
    "data link": "[a](data:text/html,<script>alert(1)</script>)",
    "reference link": "[a][1]\n\n[1]: javascript:alert(1)",
    "autolink": "<javascript:alert(1)>",
    "image": "![x](https://example.org/x.png)",
    "image with handler": "![x](x.png){: onload=alert(1) }",
    "admonition": "!!! note\n    x",
}


@pytest.mark.parametrize("text", ATTACKS.values(), ids=ATTACKS.keys())
def test_attack_is_reported(text):
    found = problems(text)
    assert found, text
    assert all(isinstance(m, str) and m for m in found)


@pytest.mark.parametrize("text", ATTACKS.values(), ids=ATTACKS.keys())
def test_attack_is_inert_in_every_context(text):
    for fn, contexts in ((inline, INLINE_CONTEXTS), (plain, INLINE_CONTEXTS), (attribute, INLINE_CONTEXTS), (block, BLOCK_CONTEXTS)):
        for name, page in in_contexts(fn(text), contexts).items():
            try:
                assert_safe(page)
            except AssertionError:
                pytest.fail(f"{fn.__name__}() in {name}: {page}")


def test_attribute_value_cannot_be_left():
    for text in ATTACKS.values():
        value = attribute(text + "\" onclick=\"alert(1)' x='")
        soup = BeautifulSoup(f'<span title="{value}">x</span><svg><text>{value}</text></svg>', "html.parser")
        assert list(soup.span.attrs) == ["title"]
        assert soup.find("text").find(True) is None


# --- the messages -------------------------------------------------------------------


def test_messages_say_what_to_do():
    assert problems("Sets goals <script>alert(1)</script>")[0].startswith(
        "raw HTML '<script>' is not allowed in a text field; use Markdown instead"
    )
    assert "'<details/open/ontoggle=alert(1)>'" in problems("<details/open/ontoggle=alert(1)>")[0]
    assert "attribute list '{: onmouseover=alert(1) }'" in problems("Text\n{: onmouseover=alert(1) }")[0]
    js = problems("[x](java&#x09;script:alert(1))")[0]
    assert "'javascript:'" in js and "http:, https:, mailto: or a relative address" in js
    assert any("images are not allowed in model text" in m for m in problems("![x](https://example.org/x.png)"))
    assert problems("   \n") == ["the text is empty; write the text or remove the key"]
    assert problems("") == ["the text is empty; write the text or remove the key"]
    assert "at most 2,000" in problems("x" * 2001)[0]
    assert problems("Planeerib <b>tööd</b>.") == [
        ("raw HTML '<b>' is not allowed in a text field; use Markdown instead (**bold**, *italic*, [link](url)), "
        "or put it in backticks to show it as code: `<b>`")
    ]


FINE = [
    "**bold** and *italic*",
    "`<script>alert(1)</script>` shows as code",
    "``a ` <b> inside``",
    "[site](https://example.org/a_b?x=1&y=2) and [mail](mailto:a@b.ee) and [page](../roles/a.md#top)",
    "Eesti keel: õäöü ÕÄÖÜ šž – “jutumärgid” ja „need”",
    "R&D, 5 < 6 and 7 > 3",
    "Mudel „{name}” (versioon {version}) koosneb {competencies} kompetentsist",
    "Of the other {rest}",
    "1. samm: kuulamine",
    "# not a heading, - not a list, > not a quote",
    "a | b | c",
    "e-mail: a@b.ee",
    "Tere!",
    "[Not a link]",
    "- one\n- two\n\nAnd *more*.",
]


@pytest.mark.parametrize("text", FINE)
def test_fine_text_has_no_problems(text):
    assert problems(text) == []


# --- what the reader sees -----------------------------------------------------------


def visible(page_html: str) -> str:
    return " ".join(BeautifulSoup(page_html, "html.parser").get_text(" ").split())


def paragraph(output: str) -> BeautifulSoup:
    soup = assert_safe(render(f"Before.\n\n{output}\n\nAfter.\n"))
    return soup.find_all("p")[1]


def test_bold_italic_code_links():
    p = paragraph(inline("**bold** *it* `<b>` [site](https://example.org) [mail](mailto:a@b.ee) [x](../roles/a.md)"))
    assert p.strong.get_text() == "bold"
    assert p.em.get_text() == "it"
    assert p.code.get_text() == "<b>" and p.code.find(True) is None
    assert [(a.get_text(), a["href"]) for a in p.find_all("a")] == [
        ("site", "https://example.org"), ("mail", "mailto:a@b.ee"), ("x", "../roles/a.md")
    ]


def test_inline_is_one_line_without_paragraph():
    out = inline("First *line*\nsecond line\n\nthird")
    assert "\n" not in out and "<p>" not in out
    assert visible(render(out)) == "First line second line third"


@pytest.mark.parametrize("text", [
    "Eesti keel: õäöü ÕÄÖÜ – kõik",
    "R&D and &amp; and &copy;",
    "5 < 6 and 7 > 3",
    "{placeholder} and {: not attr } and {#id}",
    "\\*not emphasis\\* and \\`not code\\`",
    "1. not a list",
    "# not a heading #",
    "+ - * not a list",
    "a | b",
    "===",
    ": not a definition",
    "<not a tag",
    "[link text](no url",
    "snake_case_name and 2*3*4",
])
def test_text_is_shown_as_written_in_every_context(text):
    for fn in (plain, inline):
        out = fn(text)
        for name, page in in_contexts(out, INLINE_CONTEXTS).items():
            if fn is inline and name == "link text":
                continue
            shown = visible(page)
            expected = " ".join(BeautifulSoup(render_reference(text, fn), "html.parser").get_text(" ").split())
            assert expected in shown, f"{fn.__name__}() in {name}: {expected!r} not in {shown!r}"


def render_reference(text: str, fn) -> str:
    """What the text means: as written for plain(); the inline Markdown's HTML for inline()."""
    if fn is plain:
        return text.replace("&", "&amp;").replace("<", "&lt;")
    return markdown.markdown(text)


def test_plain_shows_the_characters():
    for name, page in in_contexts(plain("**not bold** `<b>` {x} R&D [a](b)"), INLINE_CONTEXTS).items():
        assert "**not bold** `<b>` {x} R&D [a](b)" in visible(page), name


def test_pipe_stays_in_its_table_cell():
    for fn in (inline, plain):
        page = render(f"| h1 | h2 |\n|---|---|\n| {fn('a | b `c|d`')} | z |\n")
        cells = BeautifulSoup(page, "html.parser").find("tbody").find_all("td")
        assert len(cells) == 2
        assert cells[0].get_text().startswith("a | b")
        assert cells[1].get_text() == "z"


def test_heading_keeps_its_own_id_and_gets_none_from_the_text():
    page = render(f"## {inline('Title {#evil} {.cls}')} {{: #fixed }}\n")
    h2 = assert_safe(page).h2
    assert h2["id"] == "fixed"
    assert h2.get_text() == "Title {#evil} {.cls}"


@pytest.mark.parametrize("title", ["Teenuse-disain ja R&D", "1. samm: kuulamine", "Kliendi hääl (VoC)", "*Rõhk* ja `kood`"])
def test_heading_ids_are_those_of_the_text_as_written(title):
    """toc reads the numeric references back: links to a heading's anchor do not change."""
    as_written = BeautifulSoup(render(f"# {title}\n"), "html.parser").h1
    sanitised = BeautifulSoup(render(f"# {inline(title)}\n"), "html.parser").h1
    assert sanitised["id"] == as_written["id"]
    assert sanitised.get_text() == as_written.get_text()


def test_attribute_is_the_words_fully_escaped():
    value = attribute('**Bold** "quoted" \'single\' <b> & [link](https://x.org) `code`')
    assert '"' not in value and "'" not in value and "<" not in value
    soup = BeautifulSoup(f'<span title="{value}"></span>', "html.parser")
    assert soup.span["title"] == "Bold \"quoted\" 'single' & link code"


def test_block_lists_and_paragraphs():
    out = block("Intro with *it*.\n\n- one\n- two **b**\n\nThen:\n\n1. first\n2. second\n\nEnd.")
    # One line per top-level block, each starting with its tag at the line start.
    assert [line[:4] for line in out.splitlines()] == ["<p>I", "<ul>", "<p>T", "<ol>", "<p>E"]
    soup = BeautifulSoup(out, "html.parser")
    assert [el.name for el in soup.find_all(recursive=False)] == ["p", "ul", "p", "ol", "p"]
    assert [li.get_text() for li in soup.find_all("li")] == ["one", "two b", "first", "second"]


@pytest.mark.parametrize("text", [
    "Intro with *it* and {braces}.\n\n- one\n- two **b** `<x>`\n\n3. first\n4. second\n\nEnd [link](https://example.org).",
    "Just one paragraph: R&D | 5 < 6.",
    "<div>raw</div>\n\n- a",
])
def test_block_passes_through_markdown_unchanged(text):
    out = block(text)
    def words(el) -> str:
        return " ".join(el.get_text(" ").split())

    expected = [(el.name, words(el), sorted(el.attrs)) for el in BeautifulSoup(out, "html.parser").find_all(True)]
    for name, page in in_contexts(out, BLOCK_CONTEXTS).items():
        soup = assert_safe(page)
        if name == "between paragraphs":
            assert out in page
        if name == "md_in_html":
            soup = soup.div
        got = [(el.name, words(el), sorted(el.attrs)) for el in soup.find_all(True)
               if el.name not in ("h2",) and el.get_text() not in ("Before.", "After.")]
        assert got == expected, name


def test_empty_texts():
    assert inline("") == "" and block("") == "" and plain("") == "" and attribute("") == ""
    assert block("   ") == ""


# --- properties over any text ---------------------------------------------------------

MARKDOWN_ALPHABET = st.sampled_from(list("\\`*_{}[]()#+-.!|<>&:=~^\"' \n\tabcõ1;/") + ["javascript:", "<script>", "&#x09;", "{:", "](", "<details/open/ontoggle=alert(1)>", "on", "{n}", "{onclick}", "{a_1}"])
texts = st.lists(MARKDOWN_ALPHABET, max_size=40).map("".join)


@settings(max_examples=200, deadline=None)
@given(texts)
def test_any_text_is_safe_in_every_context(text):
    for fn, contexts in ((inline, INLINE_CONTEXTS), (plain, INLINE_CONTEXTS), (block, BLOCK_CONTEXTS)):
        for page in in_contexts(fn(text), contexts).values():
            assert_safe(page)


rougher_texts = st.lists(MARKDOWN_ALPHABET | st.sampled_from([
    "    ", "- ", "\n\n", "!!! note ", "`", "<b>", "[a]", "(x)", "{#i}", "{: x=1 }", "<img src=x>", "<div markdown>", "\\",
]), max_size=30).map("".join)


def assert_no_injection(page_html: str) -> None:
    """Like assert_safe, but a raw text may move the template's own class and add attributes that do nothing."""
    for el in BeautifulSoup(page_html, "html.parser").find_all(True):
        assert el.name not in FORBIDDEN_ELEMENTS, page_html
        for name, value in el.attrs.items():
            if value in ("", name) and re.fullmatch(r"\w+", name) and not name.lower().startswith("on"):
                continue  # a {placeholder} read as an empty attribute: it sets nothing that runs
            assert name in {"href", "rel", "id", "class", "start", "style"} or not re.search("[a-zA-Z]", name), page_html
            if name == "class":
                assert value == ["hb-lead"], page_html
            if name == "id":
                assert re.fullmatch(r"[\w-]+", value), page_html
            if name == "style":
                assert el.name in ("th", "td"), page_html
            if name == "href":
                assert scheme_of(value) in (None, "http", "https", "mailto"), page_html


@settings(max_examples=300, deadline=None)
@given(rougher_texts)
def test_a_text_without_problems_is_safe_even_pasted_raw(text):
    """What `handbook check` lets through adds no element or attribute even where a template prints it unsanitised."""
    if problems(text) == []:
        for name, page in in_contexts(text, INLINE_CONTEXTS).items():
            try:
                assert_no_injection(page)
            except AssertionError:
                pytest.fail(f"{text!r} in {name}: {page}")


@settings(max_examples=200, deadline=None)
@given(texts)
def test_plain_shows_any_text_as_written(text):
    page = render(f"Before.\n\n{plain(text)}\n\nAfter.\n")
    expected = " ".join(text.replace("\t", " ").split())
    assert visible(page) == " ".join(f"Before. {expected} After.".split())


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["  ", " ", "a", "õ", "{", "#", "-", ".", "1", ":", "|", "\u00a0"]) | st.characters(
    blacklist_characters="\\`*_[]<>&!", blacklist_categories=("Cc", "Cs")), max_size=40).map("".join))
def test_inline_shortcut_gives_what_rendering_gives(text):
    assert not T._INLINE_SYNTAX.search(text)
    assert inline(text) == T._render(text, "inline")


@settings(max_examples=300, deadline=None)
@given(texts)
def test_problems_shortcut_misses_nothing(text):
    """A text `problems` does not render (no '<', '{' but in placeholders, '](', ']:', '!!!') has nothing rendering would find."""
    if text.strip() and not T._suspect(text):
        assert T._problems(text) == ()


def test_shipped_labels_with_placeholders_are_fine():
    """{placeholders} in labels are filled in before Markdown sees them: they are not attribute lists."""
    import yaml

    from conftest import ROOT
    from generator.labels import WORDS

    labels = yaml.safe_load((ROOT / "content" / "model" / "handbook.yml").read_text(encoding="utf-8"))["labels"]
    texts = [t for versions in labels.values() for t in versions.values()]
    # and the package's own words, which every handbook gets
    texts += [t for path in sorted(WORDS.glob("*.yml")) for t in yaml.safe_load(path.read_text(encoding="utf-8")).values()]
    assert any("{" in t for t in texts)
    for t in texts:
        assert problems(t) == [], t
        if "{" in t:  # shown as braces, never read as an attribute list
            assert "{" not in inline(t)
            assert "{" in visible(render(f"## {inline(t)}\n"))


# --- time ---------------------------------------------------------------------------------


@pytest.mark.parametrize("char", ["`", "<", "[", "*", "_", "{", "&", "!", "|", "\\"])
def test_long_runs_take_linear_time(char):
    for size in (100_000, 2_000):  # over the length limit, and just at it
        text = char * size
        start = time.perf_counter()
        problems(text)
        inline(text)
        block(text)
        plain(text)
        attribute(text)
        assert time.perf_counter() - start < 1.0, (char, size)


def test_many_brackets_are_refused_not_rendered():
    text = "[" * (T.MAX_BRACKETS + 1)
    assert "at most 100" in problems(text)[0]
    start = time.perf_counter()
    inline("[a" * 1000)
    assert time.perf_counter() - start < 1.0
