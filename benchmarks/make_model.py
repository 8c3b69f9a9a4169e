"""Write a synthetic handbook of the shipped model's shape at N times its size, valid under `handbook check`.

    python benchmarks/make_model.py --scale 10 --out benchmarks/out/x10

1x: 10 competencies, 77 activities, 6 roles; 10x: 100, 770, 30; 40x: 400, 3,080, 60.
Texts are synthetic and bilingual; the prose pages, labels and scale are the shipped ones.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
ROLES = {1: 6, 10: 30, 40: 60}
SIZES = [9, 8, 9, 8, 8, 8, 8, 7, 7, 5]  # activities per competency in the shipped model (77)


def text(et: str, en: str) -> dict[str, str]:
    return {"et": et, "en": en}


def make(scale: int, out: Path) -> dict[str, int]:
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(ROOT / "content" / "pages", out / "content" / "pages")
    shutil.copy(ROOT / "mkdocs.yml", out / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", out / "overrides")
    model = out / "content" / "model"
    (model / "competencies").mkdir(parents=True)
    (model / "roles").mkdir()
    # The change notes and the role chooser (its roles keep the shipped ids), so the 1x model is the shipped one page for page.
    for optional in ("changes.yml", "chooser.yml"):
        if (ROOT / "content" / "model" / optional).exists():
            shutil.copy(ROOT / "content" / "model" / optional, model / optional)
    handbook = yaml.safe_load((ROOT / "content" / "model" / "handbook.yml").read_text(encoding="utf-8"))
    levels = [s["level"] for s in handbook["scale"]]
    # The shipped ids come first, so the hand-written pages' links into the model still resolve.
    shipped_comps, shipped_roles = handbook["competencies"], handbook["roles"]
    comp_ids, all_acts = [], []
    for i in range(10 * scale):
        cid = shipped_comps[i] if i < len(shipped_comps) else f"competency-{i + 1}"
        comp_ids.append(cid)
        acts = []
        for j in range(SIZES[i % 10]):
            aid = f"{cid}-activity-{j + 1}"
            acts.append({
                "id": aid,
                "title": text(f"Tegevus {i + 1}.{j + 1}", f"Activity {i + 1}.{j + 1}"),
                "description": text(f"Tegevuse {i + 1}.{j + 1} kirjeldus, mis on sama pikk kui päris tekstid käsiraamatus.",
                                    f"The description of activity {i + 1}.{j + 1}, as long as the handbook's real texts."),
                "examples": [text(f"Näide {k} tegevuse kohta.", f"Example {k} of the activity.") for k in (1, 2)],
            })
        all_acts += [a["id"] for a in acts]
        doc = {
            "id": cid,
            "title": text(f"Kompetents {i + 1}", f"Competency {i + 1}"),
            "summary": text(f"Kompetentsi {i + 1} lühikirjeldus.", f"A short summary of competency {i + 1}."),
            "description": text(f"Kompetentsi {i + 1} pikem kirjeldus: mis see on ja miks roll seda vajab.",
                                f"A longer description of competency {i + 1}: what it is and why the role needs it."),
            "knowledge": [text("Teadmine.", "Knowledge.")], "skills": [text("Oskus.", "Skill.")], "attitudes": [text("Hoiak.", "Attitude.")],
            "levels": {lv: text(f"Tase {lv} kompetentsis {i + 1}.", f"Level {lv} in competency {i + 1}.") for lv in levels},
            "related": [],
            "activities": acts,
        }
        (model / "competencies" / f"{cid}.yml").write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    role_ids = []
    for r in range(ROLES[scale]):
        rid = shipped_roles[r] if r < len(shipped_roles) else f"role-{r + 1}"
        role_ids.append(rid)
        doc = {
            "id": rid, "title": text(f"Roll {r + 1}", f"Role {r + 1}"), "short": text(f"R{r + 1}", f"Ro{r + 1}"),
            "status": "draft", "scope": ["strategic", "tactical", "operational"][r % 3],
            "purpose": text(f"Rolli {r + 1} eesmärk.", f"The purpose of role {r + 1}."),
            "reports_to": text("Tegevjuht", "Chief executive"), "leads": text("Meeskonda", "A team"),
            "typical_titles": [text(f"Ametinimetus {r + 1}", f"Job title {r + 1}")],
            "levels": {cid: levels[(r + k) % len(levels)] for k, cid in enumerate(comp_ids)},
            # about as many key activities per role as the shipped roles have, spread over the model
            "key_activities": all_acts[r::max(1, len(all_acts) // 11)][:11],
        }
        (model / "roles" / f"{rid}.yml").write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for doc_path, i in ((model / "competencies" / f"{c}.yml", n) for n, c in enumerate(comp_ids)):
        doc = yaml.safe_load(doc_path.read_text(encoding="utf-8"))
        doc["related"] = [comp_ids[(i + 1) % len(comp_ids)]]
        doc_path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    handbook["competencies"] = comp_ids
    handbook["roles"] = role_ids
    (model / "handbook.yml").write_text(yaml.safe_dump(handbook, allow_unicode=True, sort_keys=False), encoding="utf-8")
    shutil.copy(ROOT / "content" / "model" / "glossary.yml", model / "glossary.yml")
    return {"competencies": len(comp_ids), "activities": len(all_acts), "roles": len(role_ids)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, choices=sorted(ROLES), required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    print(make(args.scale, args.out))


if __name__ == "__main__":
    main()
