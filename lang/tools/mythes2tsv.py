#!/usr/bin/env python3
"""Convert a MyThes thesaurus (.dat, UTF-8) into compact TSV files.

Output:
  <out>/thesaurus.tsv          headword<TAB>syn1<TAB>syn2...  (single words only)
  --phrases FILE (optional)    key<TAB>syn...  lines where the key or a synonym
                               is a multi-word expression (2-4 words); the bot
                               does not use them, so lang/build.sh does not ask

Rules common to all languages:
  * everything lower-cased and NFC-normalised; duplicates and the headword
    itself removed; synonyms keep the order of the source senses;
  * synonyms marked as antonyms, hypernyms ("generic term") or "related term"
    are dropped; other qualifiers like "(hovorovo)" are stripped, the word kept;
  * items containing digits, commas, slashes, or more than 4 words are dropped.
Language-specific rules are documented in lang/README.md and in LANG_RULES.
"""
import argparse
import collections
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import is_word, nfc_lower, write_tsv, zipf_table  # noqa: E402

MAX_PHRASES = 10  # per line of thesaurus_phrases.tsv
ANNOT_RE = re.compile(r"\s*\(([^()]*)\)\s*$")

LANG_RULES = {
    # Slovak: clean, hand-made, small (13k headwords). Keep everything except
    # antonyms; make the relation symmetric; no frequency pruning.
    "sk": dict(drop_annot={"antonym"}, max_sense=None, symmetric=True,
               min_head_zipf=None, min_syn_zipf=None, drop_capitalised=False,
               max_syn=40),
    # Czech: generated automatically from an English-Czech dictionary, so each
    # "sense" = Czech words sharing one English translation. Large senses mix
    # meanings of a polysemous English word -> drop senses with > 8 members.
    # Synonyms must be attested in the wordfreq Czech list (removes English
    # leftovers and typos); headwords need Zipf >= 1.5.
    "cs": dict(drop_annot=set(), max_sense=8, symmetric=False,
               min_head_zipf=1.5, min_syn_zipf=1.0, drop_capitalised=False,
               max_syn=25),
    # English: WordNet-derived. Drop hypernyms, antonyms, related terms; keep
    # "similar term" (adjective near-synonyms: jobless -> unemployed). Drop
    # proper nouns (capitalised items). Headwords and synonyms need Zipf >= 1.5
    # in wordfreq English (drops archaic/very rare words); at most 30 synonyms.
    "en": dict(drop_annot={"generic term", "antonym", "related term"},
               max_sense=None, symmetric=False, min_head_zipf=1.5,
               min_syn_zipf=1.5, drop_capitalised=True, max_syn=30),
}


def parse_mythes(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines[0].strip().upper() not in ("UTF-8", "UTF8"):
        raise SystemExit(f"{path}: unexpected encoding line {lines[0]!r}")
    i = 1
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        hw, n = lines[i].rsplit("|", 1)
        n = int(n)
        senses = [ln.split("|")[1:] for ln in lines[i + 1:i + 1 + n]]
        yield hw, senses
        i += 1 + n


def clean_item(raw, rules):
    """Return (text, is_phrase) or None if the item must be dropped."""
    s = raw.strip()
    if not s:
        return None
    while True:
        m = ANNOT_RE.search(s)
        if not m:
            break
        if m.group(1).strip().lower() in rules["drop_annot"]:
            return None
        s = s[:m.start()].strip()
    if rules["drop_capitalised"] and any(ch.isupper() for ch in s):
        return None
    if re.search(r"[0-9,;/()\[\]\"!?.:]", s):
        return None
    s = nfc_lower(s)
    s = re.sub(r"\s+", " ", s)
    toks = s.split(" ")
    if len(toks) > 4 or not all(is_word(t) for t in toks):
        return None
    return s, len(toks) > 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("lang", choices=sorted(LANG_RULES))
    ap.add_argument("dat")
    ap.add_argument("outdir")
    ap.add_argument("--phrases", help="also write the multi-word lines to this file")
    a = ap.parse_args()
    rules = LANG_RULES[a.lang]
    zipf = zipf_table(a.lang) if (rules["min_head_zipf"] or rules["min_syn_zipf"]) else {}

    def ok_word(w, minz):
        if minz is None:
            return True
        # phrases: every token must be attested
        return all(zipf.get(t, 0.0) >= minz for t in w.split(" "))

    syn = collections.defaultdict(list)  # key -> ordered synonyms (words+phrases)
    stats = collections.Counter()
    for hw_raw, senses in parse_mythes(a.dat):
        stats["source_headwords"] += 1
        hw = clean_item(hw_raw, dict(rules, drop_capitalised=False))
        if rules["drop_capitalised"] and any(ch.isupper() for ch in hw_raw):
            hw = None
        if not hw:
            continue
        hw = hw[0]
        if not ok_word(hw, rules["min_head_zipf"]):
            continue
        kept = []
        for sense in senses:
            items = [clean_item(x, rules) for x in sense]
            items = [x[0] for x in items if x]
            if rules["max_sense"] and len([x for x in items if " " not in x]) > rules["max_sense"]:
                stats["senses_dropped_too_large"] += 1
                continue
            kept.append([it for it in items
                         if it != hw and ok_word(it, rules["min_syn_zipf"])])
        # round-robin over senses so that the per-headword cap keeps the best
        # (first) synonym of every sense instead of only the first senses
        for rank in range(max((len(k) for k in kept), default=0)):
            for items in kept:
                if rank < len(items) and items[rank] not in syn[hw]:
                    syn[hw].append(items[rank])
    if rules["symmetric"]:
        for k in list(syn):
            for s in list(syn[k]):
                if k not in syn[s]:
                    syn[s].append(k)

    words, phrases = [], []
    for k, lst in syn.items():
        single = [s for s in lst if " " not in s][:rules["max_syn"]]
        multi = [s for s in lst if " " in s][:MAX_PHRASES]
        if " " not in k:
            if single:
                words.append([k] + single)
            if multi:
                phrases.append([k] + multi)
        elif single or multi:
            phrases.append([k] + (single + multi)[:MAX_PHRASES])
    os.makedirs(a.outdir, exist_ok=True)
    write_tsv(os.path.join(a.outdir, "thesaurus.tsv"), words)
    if a.phrases:
        write_tsv(a.phrases, phrases)
    print(dict(stats), file=sys.stderr)


if __name__ == "__main__":
    main()
