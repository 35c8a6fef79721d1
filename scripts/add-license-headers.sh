#!/usr/bin/env bash
# Puts the project's licence header at the top of every Java source file (main and test, every
# module) that does not start with it yet. Idempotent: a file that already starts with the header
# is left alone, so this can be re-run after merges that bring new files. The header must stay
# byte for byte what examples' LicenseHeaderTest expects (it fails the build otherwise).
#
#   scripts/add-license-headers.sh          add the header where it is missing
#   scripts/add-license-headers.sh --check  list the files without it; exit 1 if there are any
set -euo pipefail
cd "$(dirname "$0")/.."

header='/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */'
header_lines=4

check=false
[[ "${1:-}" == "--check" ]] && check=true

missing=0
# Every .java file under a module's src/ (generated sources live under target/ and are skipped).
while IFS= read -r -d '' file; do
  if [[ "$(head -n "$header_lines" "$file")" == "$header" ]]; then
    continue
  fi
  missing=$((missing + 1))
  if $check; then
    echo "missing licence header: $file"
  else
    tmp="$(mktemp)"
    { printf '%s\n\n' "$header"; cat "$file"; } > "$tmp"
    cat "$tmp" > "$file"   # keeps the file's mode
    rm -f "$tmp"
    echo "added licence header: $file"
  fi
done < <(find . -path ./.git -prune -o -path '*/target' -prune -o -path '*/src/*' -name '*.java' -type f -print0 | sort -z)

if $check && (( missing > 0 )); then
  echo "$missing file(s) without the licence header; run scripts/add-license-headers.sh" >&2
  exit 1
fi
$check || echo "$missing file(s) changed"
