#!/usr/bin/env bash
# System programs the test suite uses for real: LibreOffice (opens our DOCX files),
# poppler (pdftotext, pdffonts, pdftoppm look at our PDFs) and fonts metric-compatible
# with Arial, HarfBuzz-Subset for WeasyPrint, the en_GB dictionary with libenchant for
# the spelling check, and PostgreSQL for the register tests. Installs only what is missing.
set -euo pipefail
need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
fc-list 2>/dev/null | grep -q "Liberation Sans" || need+=(fonts-liberation2)
command -v tmux >/dev/null 2>&1 || need+=(tmux)
# WeasyPrint subsets fonts with HarfBuzz when it has it: a hundred times faster than
# its fontTools fallback, and what keeps a 60-copy batch within seconds.
ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset || need+=(libharfbuzz-subset0)
# The spelling check: hunspell's en_GB dictionary, read through libenchant (pyenchant).
[ -f /usr/share/hunspell/en_GB.dic ] || need+=(hunspell-en-gb)
ldconfig -p 2>/dev/null | grep -q libenchant-2 || need+=(libenchant-2-2)
# The register tests start their own throwaway PostgreSQL server (initdb, pg_ctl).
command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
  || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
