#!/usr/bin/env bash
# Peak memory of the whole `wsltune inspect` process on a 1 TiB and a 64 GiB disk (1 MiB blocks):
# memory should follow the BAT size (8 MiB per TiB), not the disk size.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
for size in 64G 1T; do
  qemu-img create -q -f vhdx -o block_size=1M "$work/$size.vhdx" "$size"
  /usr/bin/time -v target/release/wsltune inspect --json "$work/$size.vhdx" >/dev/null 2>"$work/time"
  printf '%-4s virtual: peak RSS %s KiB, wall %s\n' "$size" \
    "$(awk -F': ' '/Maximum resident/ {print $2}' "$work/time")" \
    "$(awk -F': ' '/Elapsed/ {print $2}' "$work/time")"
done
