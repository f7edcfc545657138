#!/usr/bin/env python3
"""Writes the hand-made seeds of fuzz/corpus from the project's own fixtures (docs/testing.md, "Corpus").

Run from the repository root: python3 fuzz/make_seeds.py. The storage seeds are written by the real engine
instead: dotnet run --project fuzz/Mine.Fuzz -- make-seeds fuzz/corpus. Seeds found by the fuzzer (regression-*)
are kept as they are and never rewritten here.
"""
import os
import pickle
import re
import struct
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")


def save(target, name, data):
    folder = os.path.join(CORPUS, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def plaintext():
    save("plaintext", "lines", "servers.web-001.cpu.user 12.5 1700000000\nservers.web-001.load 0.42 -1\r\n")
    save("plaintext", "tagged", "app.requests;dc=eu;host=web-001 7 1700000000\ndisk.used;mount=/;host=a 1e3 1699999990.5\n")
    save("plaintext", "repairs-and-rejects",
         "a..b 1 1700000000\n.lead.trail. 2 1700000000\nnan.value nan 1700000000\n"
         "bad value x 1700000000\ntoo few\n\n   \nname\t3\t1700000000 extra\nutf8.\xc3\xa9t\xc3\xa9 4 1700000000\n")
    save("plaintext", "floats", "f.a 1_000.5 1.7e9\nf.b -inf 1700000000\nf.c 0x10 1700000000\nf.d .5 1700000000.\n")


def pickles():
    now = 1700000000
    items = [("servers.web-001.cpu", (now, 1.5)), ("servers.web-002.cpu", (now - 60, 2)),
             ("app.requests;dc=eu", (str(now), "3.25")), (b"bytes.path", (now, float("nan")))]
    for protocol in (0, 2, 4):
        payload = pickle.dumps(items, protocol=protocol)
        save("pickle", f"protocol{protocol}", struct.pack("!L", len(payload)) + payload)
    bad = pickle.dumps([("a.b", (now,)), ("c", 5), ("d.e", (now, [1]))], protocol=2)
    good = pickle.dumps([("x.y", (now, 1))], protocol=2)
    save("pickle", "bad-items-then-second-frame", struct.pack("!L", len(bad)) + bad + struct.pack("!L", len(good)) + good)


def collectd():
    source = open(os.path.join(ROOT, "tests", "Mine.Protocols.Tests", "Collectd", "CollectdCapturedPackets.cs")).read()
    for name, body in re.findall(r'public const string (\w+) = """(.*?)""";', source, re.S):
        data = bytes.fromhex("".join(body.split()))
        if len(data) <= 1500:
            save("collectd", "captured-" + re.sub(r"(?<!^)([A-Z])", r"-\1", name).lower(), data)


def targets():
    lines = [l.split(" ## ")[0].strip() for l in open(os.path.join(ROOT, "tests", "Mine.Server.Tests", "Differential", "corpus.txt"))]
    lines = [l for l in lines if l and not l.startswith("#")]
    # A spread over the file: paths, globs, nested calls, keyword arguments, strings, templates, tags.
    chosen = lines[::25][:32]
    chosen += ["template(servers.$dc.host01.cpu.0.user, dc=\"dc1\")", "seriesByTag('name=app.requests', 'dc=~e.*')",
               "servers.dc1.host01.cpu.0.user|scale(2.5)|alias('x')", "sumSeries(a.{b,c}.d\\,e, 1e-3, True, None, inf)"]
    for i, target in enumerate(chosen):
        save("target", f"graphite-{i:02d}", target)


def attimes():
    cases = ["-1d\n\n\n", "-2h\nnow\n", "noon yesterday\n6pm today\n\nEurope/Berlin", "20231114\n+1w\n1700000000\nAmerica/New_York",
             "midnight\nnoon\n\nUTC", "12:30_20231114\n-5min\n", "monday\nteatime tomorrow\n", "jan 5 2023\nfeb 29\n\nAsia/Tokyo",
             "-1mon2d\n-30s\n", "now-3years\n1700000000\n"]
    for i, case in enumerate(cases):
        save("attime", f"case-{i:02d}", case)


def import_batches():
    """Bodies of POST /_internal/import (docs/whisper-import.md, "The import batch format")."""
    def series(name, method, xff, archives):
        out = struct.pack("<H", len(name)) + name + struct.pack("<BdB", method, xff, len(archives))
        for step, slots, points in archives:
            out += struct.pack("<III", step, slots, len(points))
            out += b"".join(struct.pack("<I", t) for t, _ in points) + b"".join(struct.pack("<d", v) for _, v in points)
        return out

    def batch(conflict, *items):
        return b"MWIB" + struct.pack("<BBHI", 1, conflict, 0, len(items)) + b"".join(items)

    fine = [(1_700_000_000 - i * 60, float(i)) for i in range(1, 6)]
    save("importbatch", "one-series", batch(0, series(b"servers.web1.cpu", 1, 0.5, [(60, 1440, fine), (300, 2016, [(1_699_900_200, 2.5)])])))
    save("importbatch", "two-series-overwrite", batch(1, series(b"a.b", 2, 0.0, [(10, 360, fine[:2])]),
                                                     series(b"cpu;host=h1;dc=west", 4, 1.0, [(60, 60, []), (3600, 24, [])])))
    save("importbatch", "bad-layout", batch(0, series(b"a.c", 1, 0.5, [(60, 10, []), (90, 100, [])])))


def whisper_files():
    """Small files written by the real whisper module (python3-whisper), as carbon leaves them."""
    import tempfile
    try:
        import whisper
    except ImportError:
        print("python3-whisper missing: whisper seeds not written", file=sys.stderr)
        return
    now = 1_700_000_000
    with tempfile.TemporaryDirectory() as tmp:
        cases = {
            "two-archives": ([(60, 60), (300, 48)], "average", [(now - i * 60, float(i)) for i in range(1, 50)]),
            "sum-sparse": ([(10, 60), (60, 60), (600, 12)], "sum", [(now - i * 70, i * 0.5) for i in range(1, 20, 3)]),
            "wrapped": ([(60, 20)], "max", [(now - i * 60, float(i)) for i in range(1, 20)]),
            "empty": ([(60, 60), (3600, 10)], "last", []),
        }
        for name, (archives, method, points) in cases.items():
            path = os.path.join(tmp, name + ".wsp")
            whisper.create(path, archives, xFilesFactor=0.5, aggregationMethod=method)
            if name == "wrapped":
                whisper.update_many(path, [(now - 3600 - i * 60, 9.0) for i in range(1, 20)], now=now - 3600)
            whisper.update_many(path, points, now=now)
            save("whisper", name, open(path, "rb").read())


plaintext()
pickles()
collectd()
targets()
attimes()
import_batches()
whisper_files()
