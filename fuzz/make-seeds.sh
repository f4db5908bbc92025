#!/usr/bin/env bash
# Builds the seed corpus of the vhdx fuzz target from images made by qemu-img and mkfs.ext4
# (reference/vhdx.md §12: dynamic, fixed, ext4 1 KiB and 4 KiB, bigalloc, GPT, a dirty log).
set -euo pipefail
cd "$(dirname "$0")"
seeds=seeds/vhdx
mkdir -p "$seeds"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
encode() { python3 encode_seed.py "$1" "$seeds/$2"; }
qemu-img create -q -f vhdx -o block_size=1M "$work/empty.vhdx" 64M && encode "$work/empty.vhdx" empty
qemu-img create -q -f vhdx -o subformat=fixed,block_size=1M,block_state_zero=off "$work/fixed.vhdx" 4M && encode "$work/fixed.vhdx" fixed
for opts in "-b 1024 -O ^64bit" "-b 4096" "-b 4096 -O bigalloc -C 16384"; do
  name=ext4-$(echo "$opts" | tr -cd '[:alnum:]')
  truncate -s 16M "$work/r.img"
  mkfs.ext4 -q -F -E lazy_itable_init=1,lazy_journal_init=1 -O ^has_journal $opts "$work/r.img"
  printf 'hello wsltune\n' > "$work/f.txt"
  debugfs -w -R "write $work/f.txt f.txt" "$work/r.img" >/dev/null 2>&1
  qemu-img convert -O vhdx -o block_size=1M "$work/r.img" "$work/r.vhdx"
  encode "$work/r.vhdx" "$name"
  rm -f "$work/r.img"
done
truncate -s 16M "$work/p.img"
printf 'label: gpt\nstart=2048, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4\n' | sfdisk -q "$work/p.img"
mkfs.ext4 -q -F -O ^has_journal -E offset=1048576,lazy_itable_init=1 "$work/p.img" 8M
qemu-img convert -O vhdx -o block_size=1M "$work/p.img" "$work/p.vhdx" && encode "$work/p.vhdx" gpt
ls -l "$seeds"

# The wslconfig target's seeds are the lint corpus (tests/fixtures/wslconfig). Fuzz with a
# scratch corpus so libFuzzer's findings stay out of the seeds:
#   RUSTC_BOOTSTRAP=1 cargo fuzz run wslconfig corpus/wslconfig seeds/wslconfig
mkdir -p seeds/wslconfig
cp ../tests/fixtures/wslconfig/*.wslconfig seeds/wslconfig/
