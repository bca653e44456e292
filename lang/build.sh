#!/usr/bin/env bash
# Rebuild every data file under lang/ from Debian packages (apt-get) and one
# pinned PyPI package installed with python3's own pip into a throw-away venv:
#   wordfreq==3.1.1   used ONLY to choose what to keep (no numbers are shipped)
# Usage:  bash lang/build.sh            (as root, or with sudo available)
# Env:    LANG_BUILD_DIR=/some/dir  keep the downloads/venv there (default: mktemp)
set -euo pipefail
export PYTHONDONTWRITEBYTECODE=1

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="${LANG_BUILD_DIR:-$(mktemp -d /tmp/lang-build.XXXXXX)}"
mkdir -p "$WORK"
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive

DEB_PKGS=(mythes-sk mythes-cs mythes-en-us hunspell-sk hunspell-cs hunspell-en-us
          dict-freedict-slk-eng dict-freedict-ces-eng dict-freedict-eng-ces
          wordnet-base python3 python3-venv)

echo "== apt-get: ${DEB_PKGS[*]}"
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${DEB_PKGS[@]}" >/dev/null
echo "== python venv + pinned PyPI package"
[ -x "$WORK/venv/bin/python" ] || python3 -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install -q --disable-pip-version-check wordfreq==3.1.1
PY="$WORK/venv/bin/python"
T="$HERE/tools"
MY=/usr/share/mythes
HS=/usr/share/hunspell
DD=/usr/share/dictd/freedict

cd "$HERE"
rm -rf sk cs en sk-en cs-en
mkdir -p sk cs en sk-en cs-en

echo "== thesauri (MyThes)"
"$PY" "$T/mythes2tsv.py" sk "$MY/th_sk_SK_v2.dat" sk
"$PY" "$T/mythes2tsv.py" cs "$MY/th_cs_CZ_v2.dat" cs
"$PY" "$T/mythes2tsv.py" en "$MY/th_en_US_v2.dat" en

echo "== lemmas (Hunspell expansion, WordNet exceptions)"
"$PY" "$T/hunspell_lemmas.py" sk "$HS/sk_SK.aff" "$HS/sk_SK.dic" sk/lemmas.tsv \
      --min-form-zipf 3.0 --min-lemma-zipf 3.5
python3 "$T/wordnet_exc.py" /usr/share/wordnet/{noun,verb,adj,adv}.exc > "$WORK/wn_exc.tsv"
"$PY" "$T/hunspell_lemmas.py" en "$HS/en_US.aff" "$HS/en_US.dic" en/lemmas.tsv \
      --only-flags SGDTM --extra "$WORK/wn_exc.tsv" --min-form-zipf 2.5 --min-lemma-zipf 3.5
# GPL-2 (hunspell-cs): a data file of its own, read at run time (README.md).
"$PY" "$T/hunspell_lemmas.py" cs "$HS/cs_CZ.aff" "$HS/cs_CZ.dic" cs/lemmas.tsv \
      --min-form-zipf 2.5 --min-lemma-zipf 3.5

echo "== bilingual: FreeDict (GPL-2+)"
"$PY" "$T/freedict2tsv.py" cs cs-en/dictionary.tsv \
      --eng-x "$DD-eng-ces" --x-eng "$DD-ces-eng"
"$PY" "$T/freedict2tsv.py" sk "$WORK/slk-eng.tsv" --x-eng "$DD-slk-eng"
"$PY" "$T/cs2sk_cognates.py" cs-en/dictionary.tsv \
      "$HS/sk_SK.aff" "$HS/sk_SK.dic" sk-en/dictionary.tsv --also "$WORK/slk-eng.tsv"

echo "== licence texts"
python3 "$T/licenses.py" LICENSES

echo "== versions"
{
  echo "# Source versions used by the last run of lang/build.sh ($(date -u +%Y-%m-%d))"
  dpkg-query -W -f='${Package}\t${Version}\n' "${DEB_PKGS[@]:0:10}"
  "$WORK/venv/bin/pip" list --format=freeze 2>/dev/null | grep -iE '^wordfreq=='
} > VERSIONS.txt

"$PY" "$T/report.py"
du -sh "$HERE"
echo "done (work dir: $WORK)"
