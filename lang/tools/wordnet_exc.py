#!/usr/bin/env python3
"""Turn WordNet's irregular-inflection lists (/usr/share/wordnet/*.exc from
Debian `wordnet-base`) into form<TAB>lemma lines (single words only)."""
import sys

out = []
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        for ln in f:
            p = ln.split()
            if len(p) < 2 or any("_" in x for x in p):
                continue
            form = p[0].lower()
            for lemma in p[1:]:
                if lemma.lower() != form:
                    out.append(f"{form}\t{lemma.lower()}")
sys.stdout.write("\n".join(sorted(set(out))) + "\n")
