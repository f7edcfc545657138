#!/usr/bin/python3
"""Writes whisper files with the real whisper module (Debian python3-whisper) and what whisper.fetch returns from
each archive, for Mine's reader tests. Time is passed explicitly (now=...), so the files are the same on every run.

usage: make_whisper_files.py OUT_DIR  ->  OUT_DIR/*.wsp and OUT_DIR/expected.json
"""
import json
import os
import random
import sys

import whisper

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
NOW = 1_700_000_000
random.seed(7)
files = []


def path(name):
    return os.path.join(out, name + ".wsp")


def record(name):
    info = whisper.info(path(name))
    archives = []
    for archive in info["archives"]:
        (start, end, step), values = whisper.fetch(path(name), NOW - archive["retention"], NOW, now=NOW)
        archives.append([[start + i * step, v] for i, v in enumerate(values) if v is not None])
    files.append({
        "name": name,
        "aggregationMethod": info["aggregationMethod"],
        "xFilesFactor": info["xFilesFactor"],
        "maxRetention": info["maxRetention"],
        "archives": [[a["secondsPerPoint"], a["points"]] for a in info["archives"]],
        "points": archives,
    })


# Three archives, gaps, and points older than the fine archive that only coarser ones keep.
for method, xff in [("average", 0.5), ("sum", 0.0), ("last", 1.0), ("max", 0.3), ("min", 0.5), ("avg_zero", 0.0), ("absmax", 0.5), ("absmin", 0.1)]:
    name = "three-archives-" + method
    whisper.create(path(name), [(10, 60), (60, 60), (600, 48)], xFilesFactor=xff, aggregationMethod=method)
    points = []
    for t in range(NOW - 6 * 3600, NOW + 1, 10):
        if random.random() < 0.2:
            continue  # a gap
        points.append((t, round(random.uniform(-50, 50), 3)))
    for chunk in range(0, len(points), 50):  # as carbon writes: batches, in time order
        batch = points[chunk:chunk + 50]
        whisper.update_many(path(name), batch, now=batch[-1][0])
    record(name)

# A fine ring that wrapped many times: stale slots from earlier rounds must not come back.
whisper.create(path("wrapped"), [(1, 30), (5, 100)])
for t in range(NOW - 400, NOW + 1):
    whisper.update(path("wrapped"), float(t % 97), t, now=t)
record("wrapped")

# Written long ago, read now: every point is out of reach.
whisper.create(path("old"), [(60, 10)])
whisper.update(path("old"), 1.0, NOW - 3600, now=NOW - 3600)
record("old")

# Never written.
whisper.create(path("never-written"), [(60, 1440), (300, 576)])
record("never-written")

# Sparse: a year of minutes (6 MB of slots), three points.
whisper.create(path("sparse-year"), [(60, 525600)], sparse=True)
for t in (NOW - 86400 * 200, NOW - 86400, NOW - 60):
    whisper.update(path("sparse-year"), t / 1e6, t, now=NOW)
record("sparse-year")

# Values whisper stores as they come: negative zero, huge, tiny, infinities are refused by carbon but not whisper.
whisper.create(path("odd-values"), [(1, 120)])
for i, v in enumerate([-0.0, 1e308, 5e-324, -1.5e-10, 0.1, 123456789.123456789]):
    whisper.update(path("odd-values"), v, NOW - 100 + i, now=NOW)
record("odd-values")

with open(os.path.join(out, "expected.json"), "w") as f:
    json.dump({"now": NOW, "files": files}, f)
