#!/usr/bin/env python3
"""Encode a VHDX file as a fuzz input for fuzz_targets/vhdx.rs: flags byte (1 = fix checksums),
file length in 64 KiB units (u16 LE), then (offset u32 LE, length u16 LE, bytes) records for
every non-zero 512-byte run. Usage: encode_seed.py IMAGE OUT"""
import struct
import sys

data = open(sys.argv[1], "rb").read()
assert len(data) % 65536 == 0 and len(data) // 65536 < 65536, "length must be a multiple of 64 KiB under 4 GiB"
out = bytearray([1]) + struct.pack("<H", len(data) // 65536)
sector, run_start = 512, None
for off in range(0, len(data) + sector, sector):
    nonzero = off < len(data) and any(data[off:off + sector])
    if nonzero and run_start is None:
        run_start = off
    if run_start is not None and (not nonzero or off - run_start >= 60000):
        chunk = data[run_start:off]
        out += struct.pack("<IH", run_start, len(chunk)) + chunk
        run_start = off if nonzero else None
open(sys.argv[2], "wb").write(out)
