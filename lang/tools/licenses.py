#!/usr/bin/env python3
"""Copy the licence texts / notices that the shipped data requires into
lang/LICENSES/, taken from the installed Debian packages.

  licenses.py OUTDIR
"""
import os
import re
import shutil
import sys

DOC = "/usr/share/doc"
CL = "/usr/share/common-licenses"


def stanza(copyright_path, files_pattern=None, license_name=None):
    """Return one paragraph of a machine-readable debian/copyright file:
    the 'Files:' paragraph whose first pattern equals files_pattern, or the
    stand-alone 'License: NAME' paragraph."""
    text = open(copyright_path, encoding="utf-8").read()
    paras = re.split(r"\n\s*\n", text)  # DEP-5 paragraphs
    for p in paras:
        first = p.lstrip().split("\n", 1)[0]
        if files_pattern and first.strip() == f"Files: {files_pattern}":
            return p.strip() + "\n"
        if license_name and first.strip() == f"License: {license_name}":
            return p.strip() + "\n"
    raise SystemExit(f"{copyright_path}: paragraph {files_pattern or license_name} not found")


def write(outdir, name, text):
    with open(os.path.join(outdir, name), "w", encoding="utf-8") as f:
        f.write(text)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    lod = os.path.join(DOC, "mythes-sk", "copyright")  # libreoffice-dictionaries

    hdr = ("Extracted by lang/tools/licenses.py from {src}\n"
           "(Debian package {pkg}).\n\n")
    write(out, "mythes-sk.txt",
          hdr.format(src=lod, pkg="mythes-sk") + stanza(lod, "dictionaries/sk_SK/th_sk_SK_v2.dat"))
    write(out, "hunspell-sk.txt",
          hdr.format(src=lod, pkg="hunspell-sk") + stanza(lod, "dictionaries/sk_SK/*")
          + "\nThe derived file lang/sk/lemmas.tsv is distributed under the same "
            "terms (MPL-1.1, or LGPL-2.1, or GPL-2, at the recipient's option);\n"
            "texts: MPL-1.1.txt, LGPL-2.1.txt (GPL-2.txt is in this folder too).\n")
    write(out, "mythes-cs.txt",
          hdr.format(src=lod, pkg="mythes-cs") + stanza(lod, "dictionaries/cs_CZ/thesaurus/*")
          + "\nThe full upstream notice (cover texts, list of authors) is in "
            "mythes-cs-NOTICE.txt; licence text: GFDL-1.3.txt\n"
            "(the work is licensed under GFDL 1.1 \"or any later version\").\n")
    write(out, "hunspell-cs.txt",
          hdr.format(src=lod, pkg="hunspell-cs") + stanza(lod, "dictionaries/cs_CZ/*"))
    en = os.path.join(DOC, "hunspell-en-us", "copyright")
    shutil.copyfile(en, os.path.join(out, "hunspell-en-us_SCOWL.txt"))
    wn = os.path.join(DOC, "wordnet-base", "copyright")
    write(out, "WordNet.txt",
          hdr.format(src=wn, pkg="wordnet-base") + stanza(wn, "*")
          + "\nThe English thesaurus of mythes-en-us (th_en_US_v2.dat) is derived "
            "from WordNet and is\ndistributed by LibreOffice under this WordNet "
            "licence (upstream file WordNet_license.txt).\n")
    fd = os.path.join(DOC, "dict-freedict-eng-ces", "copyright")
    write(out, "freedict.txt",
          hdr.format(src=fd, pkg="dict-freedict-eng-ces, -ces-eng, -slk-eng")
          + stanza(fd, "eng-ces/*") + "\n" + stanza(fd, "ces-eng/*") + "\n"
          + stanza(fd, "slk-eng/*"))
    for name in ("MPL-1.1", "LGPL-2.1", "GPL-2", "GFDL-1.3"):
        shutil.copyfile(os.path.join(CL, name), os.path.join(out, name + ".txt"))
    print(f"licences written to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
