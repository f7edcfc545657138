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


plaintext()
pickles()
collectd()
targets()
attimes()
