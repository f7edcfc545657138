#!/usr/bin/env python3
"""Turn a Graphite plaintext file (name value time per line) into RowBinary rows of carbon-clickhouse's points table
(Path String, Value Float64, Time UInt32, Date UInt16 days, Timestamp UInt32), as Mine writes them
(docs/clickhouse.md, "Rows"); Timestamp is one fixed version for every row.
usage: fleet_rowbinary.py IN OUT [TIMESTAMP]"""
import struct, sys, time

def leb128(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)

def main():
    src, dst = sys.argv[1], sys.argv[2]
    version = int(sys.argv[3]) if len(sys.argv) > 3 else int(time.time())
    tail = struct.Struct("<dIHI")
    paths = {}
    rows = 0
    with open(src, "rb") as f, open(dst, "wb", buffering=1 << 22) as out:
        buf = []
        for line in f:
            name, value, ts = line.split()
            p = paths.get(name)
            if p is None:
                p = paths[name] = leb128(len(name)) + name
            t = int(ts)
            buf.append(p)
            buf.append(tail.pack(float(value), t, t // 86400, version))
            if len(buf) >= 200000:
                out.write(b"".join(buf))
                buf.clear()
            rows += 1
        out.write(b"".join(buf))
    sys.stderr.write(f"{rows} rows, {len(paths)} paths\n")

main()
