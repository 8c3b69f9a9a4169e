"""A large handbook with long texts, written into a folder for the print tests.

32 competencies and 12 roles in two languages; level texts of three paragraphs
with a list, purposes and distinctions of several paragraphs, long titles,
roles that require about two thirds of the competencies, four drafts, and as
many key activities as a busy profile has. Texts stay within what `handbook
check` allows (2,000 characters), so the printouts are tested at the length
the model allows, not at the length the shipped handbook happens to have.
"""

from __future__ import annotations

from pathlib import Path

import yaml

COMPETENCIES = 32
ROLES = 12
LEVELS = 4

WORDS = {
    "en": ("customer", "journey", "service", "quality", "insight", "change", "data", "team", "process", "value", "channel", "feedback"),
    "et": ("klient", "teekond", "teenindus", "kvaliteet", "mõistmine", "muutus", "andmed", "meeskond", "protsess", "väärtus", "kanal", "tagasiside"),
}


def sentence(lang: str, n: int, length: int = 14) -> str:
    words = WORDS[lang]
    body = " ".join(words[(n * 7 + i * 3) % len(words)] for i in range(length))
    return body[0].upper() + body[1:] + "."


def paragraph(lang: str, n: int, sentences: int = 3) -> str:
    return " ".join(sentence(lang, n + i) for i in range(sentences))


def long_text(lang: str, n: int, paragraphs: int = 3, items: int = 4) -> str:
    """Paragraphs and a bulleted list, as a real framework's level text or purpose reads."""
    parts = [paragraph(lang, n + i) for i in range(paragraphs - 1)]
    parts.append("\n".join(f"- {sentence(lang, n + 10 + i, 8)}" for i in range(items)))
    parts.append(paragraph(lang, n + 20, 2))
    text = "\n\n".join(parts)
    assert len(text) < 2000
    return text


def both(make, *args, **kwargs) -> dict[str, str]:
    return {lang: make(lang, *args, **kwargs) for lang in ("et", "en")}


def title(lang: str, n: int, what: str) -> str:
    label = {"en": {"c": "Competency", "r": "Role", "a": "Activity"}, "et": {"c": "Kompetents", "r": "Roll", "a": "Tegevus"}}[lang][what]
    return f"{label} {n}: {sentence(lang, n, 5 if what == 'r' else 6)[:-1].lower()}"


def write(dest: Path) -> Path:
    model = dest / "content" / "model"
    (model / "competencies").mkdir(parents=True)
    (model / "roles").mkdir()
    comps = [f"competency-{i:02d}" for i in range(1, COMPETENCIES + 1)]
    roles = [f"role-{i:02d}" for i in range(1, ROLES + 1)]
    handbook = {
        "languages": [{"code": "et", "name": "Eesti"}, {"code": "en", "name": "English"}],
        "title": {"et": "Pikkade tekstide käsiraamat", "en": "Long-text handbook"},
        "version": "1.0",
        "scale": [{"level": n, "name": {"et": f"Tase {n}", "en": f"Level {n}"}, "description": both(paragraph, n, 2)} for n in range(1, LEVELS + 1)],
        "scopes": [{"id": "wide", "name": {"et": "Lai", "en": "Wide"}}],
        "competencies": comps,
        "roles": roles,
    }
    for i, cid in enumerate(comps, 1):
        acts = [{"id": f"{cid}-act-{k}", "title": both(title, i * 10 + k, "a"), "description": both(long_text, i + k, 2, 3)} for k in range(1, 4)]
        (model / "competencies" / f"{cid}.yml").write_text(yaml.safe_dump({
            "id": cid, "title": both(title, i, "c"), "summary": both(sentence, i), "description": both(long_text, i),
            "levels": {n: both(long_text, i * 5 + n) for n in range(1, LEVELS + 1)}, "activities": acts,
        }, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for j, rid in enumerate(roles, 1):
        required = [c for k, c in enumerate(comps) if (k + j) % 3 != 0]  # about two thirds, a different third left out by each
        levels = {c: 1 + (k * j) % LEVELS for k, c in enumerate(required)}
        key = [f"{c}-act-{1 + (k + j) % 3}" for k, c in enumerate(required) if k % 2 == 0][:16]
        distinctions = [{"role": other, "text": both(long_text, j * 13 + m, 2, 3)} for m, other in enumerate(roles[j:], 1) if (j + m) % 3 == 0]
        (model / "roles" / f"{rid}.yml").write_text(yaml.safe_dump({
            "id": rid, "title": both(title, j, "r"), "short": {"et": f"Roll {j}", "en": f"Role {j}"},
            "status": "draft" if j % 3 == 0 else "published", "scope": "wide",
            "purpose": both(long_text, j * 3), "reports_to": both(sentence, j, 6), "leads": both(sentence, j + 1, 6),
            "typical_titles": [both(sentence, j + 2, 4), both(sentence, j + 3, 4)],
            "levels": levels, "key_activities": key, "distinctions": distinctions,
        }, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (model / "handbook.yml").write_text(yaml.safe_dump(handbook, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (model / "glossary.yml").write_text(yaml.safe_dump({"terms": [{"id": "term", "term": {"et": "mõiste", "en": "term"},
                                                                    "definition": both(long_text, 1)}]}, allow_unicode=True), encoding="utf-8")
    for lang, text in (("et", "# Avaleht\n\nPikad tekstid.\n"), ("en", "# Home\n\nLong texts.\n")):
        (dest / "content" / "pages" / lang).mkdir(parents=True)
        (dest / "content" / "pages" / lang / "index.md").write_text(text, encoding="utf-8")
    return dest
