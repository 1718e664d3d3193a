"""Sanity check for the bank pack: paths exist, facts occur verbatim, front matter present, counts."""
import json, re, sys
from pathlib import Path

root = Path(__file__).resolve().parent
kdir = root / "knowledge"
errors = []

docs = sorted(kdir.glob("*/*.md"))
per_lang = {}
for d in docs:
    text = d.read_text(encoding="utf-8")
    m = re.match(r"^---\n(.*?)\n---\n", text, re.S)
    if not m:
        errors.append(f"{d}: no front matter"); continue
    fm = dict(l.split(":", 1) for l in m.group(1).splitlines() if ":" in l)
    for k in ("title", "lang", "source", "owner", "reviewed", "tags"):
        if k not in fm:
            errors.append(f"{d}: missing {k}")
    if fm.get("lang", "").strip() != d.parent.name:
        errors.append(f"{d}: lang {fm.get('lang')} != folder {d.parent.name}")
    words = len(text[m.end():].split())
    if not 180 <= words <= 700:
        errors.append(f"{d}: body has {words} words")
    per_lang[d.parent.name] = per_lang.get(d.parent.name, 0) + 1

rows = [json.loads(l) for l in (root / "questions.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
ans = abst = cross = 0
seen = set()
for i, r in enumerate(rows, 1):
    if r["q"] in seen:
        errors.append(f"line {i}: duplicate question")
    seen.add(r["q"])
    if r.get("lang") not in ("nb", "sv", "da", "en"):
        errors.append(f"line {i}: bad lang")
    if r["expect"] == "abstain":
        abst += 1
        if r.get("facts"):
            errors.append(f"line {i}: abstain with facts")
        continue
    ans += 1
    texts = []
    for p in r["expect"]:
        f = kdir / p
        if not f.is_file():
            errors.append(f"line {i}: missing {p}")
        else:
            texts.append(f.read_text(encoding="utf-8"))
    if r["lang"] not in {p.split("/")[0] for p in r["expect"]}:
        cross += 1
    if not r.get("facts"):
        errors.append(f"line {i}: no facts")
    for fact in r.get("facts", []):
        if not any(fact in t for t in texts):
            errors.append(f"line {i}: fact {fact!r} not found in {r['expect']}")

print("documents per language:", per_lang, "total", len(docs))
print(f"questions: {len(rows)}  answerable: {ans}  abstain: {abst} ({abst/len(rows):.0%})  cross-language answerable: {cross} ({cross/ans:.0%})")
print("errors:", len(errors))
for e in errors:
    print("  ", e)
sys.exit(1 if errors else 0)
