#!/usr/bin/env python3
"""Validate an eval pack written for Kompis: a company's knowledge documents and its questions.

Checks the knowledge documents (front matter, language folder, body length,
sections, one company's site and mail domain throughout) and questions.jsonl
(expected paths, verbatim facts that each expected document holds, abstain
questions, duplicates), then prints a summary followed by the errors.
With --any-format (for a pack written as a company's wiki exports it: pharmacy), a document may
leave out its front matter and be .txt, and the conventions of a pack written for Kompis (every
front matter field, body length, ## sections, one site) are not checked.
Standard library only.  Usage: python3 test/eval/packs/check.py [--any-format] PACK  (e.g. insurance)
"""
import json
import re
import sys
from collections import Counter
from pathlib import Path

ARGS = [a for a in sys.argv[1:] if a != "--any-format"]
ANY_FORMAT = "--any-format" in sys.argv[1:]
if len(ARGS) != 1:
    sys.exit("usage: python3 check.py [--any-format] PACK (a folder beside this file, e.g. insurance)")
ROOT = Path(__file__).resolve().parent / ARGS[0]
KNOWLEDGE = ROOT / "knowledge"
QUESTIONS = ROOT / "questions.jsonl"
LANGS = ("nb", "sv", "da", "en")
REQUIRED_KEYS = ("title", "lang", "source", "owner", "reviewed", "tags")
MIN_WORDS, MAX_WORDS = 180, 700
MIN_DOCS, MAX_DOCS = 34, 40
MIN_QUESTIONS, MAX_QUESTIONS = 170, 200
MIN_ABSTAIN_SHARE = 0.25
MIN_CROSS_SHARE = 0.30
MAX_FACT_CHARS = 80

errors = []
warnings = []


def err(msg):
    errors.append(msg)


def parse_doc(path):
    """Return (front_matter dict, body str) or (None, None) on a format error."""
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n").lstrip("\ufeff")
    lines = text.split("\n")
    if ANY_FORMAT and (not lines or lines[0].strip() != "---"):
        return {}, text
    if not lines or lines[0].strip() != "---":
        err(f"{path.relative_to(ROOT)}: does not start with '---' front matter")
        return None, None
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        err(f"{path.relative_to(ROOT)}: front matter is not closed with '---'")
        return None, None
    meta = {}
    for line in lines[1:end]:
        if not line.strip():
            continue
        m = re.match(r"^([A-Za-z_]+):\s*(.*)$", line)
        if not m:
            err(f"{path.relative_to(ROOT)}: bad front matter line: {line!r}")
            continue
        meta[m.group(1)] = m.group(2).strip()
    body = "\n".join(lines[end + 1:])
    return meta, body


def check_docs():
    docs = {}
    per_lang = Counter()
    hosts, domains = set(), set()
    if not KNOWLEDGE.is_dir():
        err("knowledge/ folder is missing")
        return docs, per_lang
    for sub in sorted(p for p in KNOWLEDGE.iterdir() if p.is_dir()):
        if sub.name not in LANGS:
            err(f"knowledge/{sub.name}: unexpected language folder")
    for path in sorted(KNOWLEDGE.glob("*/*")):
        rel = path.relative_to(KNOWLEDGE).as_posix()
        if path.suffix != ".md" and not (ANY_FORMAT and path.suffix == ".txt"):
            err(f"knowledge/{rel}: not a .md file")
            continue
        folder = path.parent.name
        meta, body = parse_doc(path)
        if meta is None:
            continue
        if ANY_FORMAT:
            if meta.get("lang") and meta["lang"] != folder:
                err(f"knowledge/{rel}: lang '{meta['lang']}' != folder '{folder}'")
            docs[rel] = {"lang": folder, "text": path.read_text(encoding="utf-8")}
            per_lang[folder] += 1
            continue
        for key in REQUIRED_KEYS:
            if not meta.get(key):
                err(f"knowledge/{rel}: front matter lacks '{key}'")
        if meta.get("lang") and meta["lang"] != folder:
            err(f"knowledge/{rel}: lang '{meta['lang']}' != folder '{folder}'")
        src = meta.get("source", "")
        host = re.match(r"https://([^/]+)/", src)
        if src and not host:
            err(f"knowledge/{rel}: source is not an https:// address")
        elif host:
            hosts.add(host.group(1))
        owner = meta.get("owner", "")
        if owner and "@" not in owner:
            err(f"knowledge/{rel}: owner is not a mail address")
        elif owner:
            domains.add(owner.split("@", 1)[1])
        rev = meta.get("reviewed", "")
        if rev and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", rev):
            err(f"knowledge/{rel}: reviewed is not YYYY-MM-DD")
        tags = meta.get("tags", "")
        if tags and not re.fullmatch(r"\[[^\[\]]+\]", tags):
            err(f"knowledge/{rel}: tags must be a non-empty [a, b] list")
        words = len(body.split())
        if not MIN_WORDS <= words <= MAX_WORDS:
            err(f"knowledge/{rel}: body has {words} words (want {MIN_WORDS}-{MAX_WORDS})")
        if not re.search(r"^## \S", body, re.M):
            err(f"knowledge/{rel}: body has no '## ' sections")
        if re.search(r"^# \S", body, re.M):
            err(f"knowledge/{rel}: body has a level-1 heading; use '## ' sections")
        docs[rel] = {"lang": folder, "text": path.read_text(encoding="utf-8")}
        per_lang[folder] += 1
    if not MIN_DOCS <= len(docs) <= MAX_DOCS:
        err(f"{len(docs)} documents (want {MIN_DOCS}-{MAX_DOCS})")
    if len(hosts) > 1:
        err(f"sources are on more than one site: {sorted(hosts)}")
    if len(domains) > 1:
        err(f"owners are at more than one mail domain: {sorted(domains)}")
    return docs, per_lang


def norm_q(q):
    return re.sub(r"\s+", " ", q.strip().lower())


def check_questions(docs):
    stats = Counter()
    q_lang = Counter()
    seen = {}
    if not QUESTIONS.is_file():
        err("questions.jsonl is missing")
        return stats, q_lang
    for n, line in enumerate(QUESTIONS.read_text(encoding="utf-8").split("\n"), 1):
        if not line.strip():
            continue
        where = f"questions.jsonl:{n}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as e:
            err(f"{where}: invalid JSON ({e})")
            continue
        if not isinstance(item, dict):
            err(f"{where}: not a JSON object")
            continue
        stats["questions"] += 1
        extra = set(item) - {"q", "expect", "lang", "facts"}
        if extra:
            err(f"{where}: unexpected keys {sorted(extra)}")
        q = item.get("q")
        lang = item.get("lang")
        expect = item.get("expect")
        facts = item.get("facts")
        if not isinstance(q, str) or not q.strip():
            err(f"{where}: missing or empty 'q'")
            q = ""
        else:
            key = norm_q(q)
            if key in seen:
                err(f"{where}: duplicate of line {seen[key]}: {q!r}")
            else:
                seen[key] = n
        if lang not in LANGS:
            err(f"{where}: lang {lang!r} is not one of {LANGS}")
        else:
            q_lang[lang] += 1
        if expect == "abstain":
            stats["abstain"] += 1
            if facts:
                err(f"{where}: abstain question must not have facts")
            continue
        if not isinstance(expect, list) or not expect or not all(isinstance(p, str) for p in expect):
            err(f"{where}: expect must be \"abstain\" or a non-empty list of paths")
            continue
        stats["answerable"] += 1
        if len(set(expect)) != len(expect):
            err(f"{where}: expect lists a path twice")
        missing = [p for p in expect if p not in docs]
        for p in missing:
            err(f"{where}: expected document does not exist: {p}")
        present = [p for p in expect if p in docs]
        if present and lang in LANGS and all(docs[p]["lang"] != lang for p in present):
            stats["cross"] += 1
        if not isinstance(facts, list) or not facts:
            err(f"{where}: answerable question needs a non-empty 'facts' list")
            continue
        for f in facts:
            if not isinstance(f, str) or not f.strip():
                err(f"{where}: empty or non-string fact")
                continue
            if len(f) > MAX_FACT_CHARS:
                err(f"{where}: fact longer than {MAX_FACT_CHARS} chars: {f!r}")
            if present and not any(f in docs[p]["text"] for p in present):
                err(f"{where}: fact {f!r} not found verbatim in {present}")
        for p in present:
            if not any(isinstance(f, str) and f in docs[p]["text"] for f in facts):
                warnings.append(f"{where}: expected document {p} holds none of the facts (a translation may word it otherwise)")
    return stats, q_lang


def main():
    docs, per_lang = check_docs()
    stats, q_lang = check_questions(docs)
    total = stats["questions"]
    ans = stats["answerable"]
    abst = stats["abstain"]
    cross = stats["cross"]
    abst_share = abst / total if total else 0.0
    cross_share = cross / ans if ans else 0.0

    if total and not MIN_QUESTIONS <= total <= MAX_QUESTIONS:
        err(f"{total} questions (want {MIN_QUESTIONS}-{MAX_QUESTIONS})")
    if total and abst_share < MIN_ABSTAIN_SHARE:
        err(f"abstain share {abst_share:.1%} is below {MIN_ABSTAIN_SHARE:.0%}")
    if ans and cross_share < MIN_CROSS_SHARE:
        err(f"cross-language share {cross_share:.1%} is below {MIN_CROSS_SHARE:.0%}")
    for lang in LANGS:
        if per_lang[lang] == 0:
            err(f"no documents in knowledge/{lang}")
        if total and q_lang[lang] == 0:
            err(f"no questions in {lang}")

    print("Documents per language: " + ", ".join(f"{l}={per_lang[l]}" for l in LANGS)
          + f" (total {sum(per_lang.values())})")
    print(f"Questions: {total} (" + ", ".join(f"{l}={q_lang[l]}" for l in LANGS) + ")")
    print(f"Answerable: {ans}")
    print(f"Abstain: {abst} ({abst_share:.1%} of all questions)")
    print(f"Cross-language answerable: {cross} ({cross_share:.1%} of answerable)")
    print(f"Warnings: {len(warnings)}")
    for w in warnings:
        print(f"  - {w}")
    print(f"Errors: {len(errors)}")
    for e in errors:
        print(f"  - {e}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
