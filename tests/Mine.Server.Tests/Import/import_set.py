#!/usr/bin/python3
"""The whisper files of the import tests (Debian python3-whisper).

  import_set.py live NOW            prints the live points for carbon-cache, plaintext lines, last 50 minutes
  import_set.py wait DIR NOW        waits until carbon wrote every live point (whisper.fetch sees them)
  import_set.py history DIR NOW     adds what carbon cannot be made to write: points older than each file's fine
                                    archive (whisper's own update_many, as carbon would have written them over the
                                    past days), a tagged series in carbon's _tagged layout, and damaged files
  import_set.py many DIR COUNT NOW  COUNT small files for the interrupted-import test
  import_set.py conflict FILE NOW   one file with 100 + i at NOW - 60 i, i = 1..10, for the conflict-policy test
"""
import os
import random
import sys
import time

import whisper

SERIES = ["imp.sum.a", "imp.sum.b", "imp.max.a", "imp.avg.a", "imp.avg.gappy"]


def live(now):
    """Every 60 s for 50 minutes (every 10 s for the last 9 minutes of imp.max.a); gaps in imp.avg.gappy."""
    rnd = random.Random(3)
    lines = []
    for name in SERIES:
        step = 60
        for t in range(now - now % step - 50 * 60, now - 60, step):
            if name.endswith("gappy") and (t // 60) % 7 in (2, 3):
                continue
            lines.append(f"{name} {round(rnd.uniform(-50, 150), 3)} {t}")
        if name == "imp.max.a":
            for t in range(now - now % 10 - 9 * 60, now - 20, 10):
                lines.append(f"{name} {round(rnd.uniform(0, 100), 2)} {t}")
    return lines


def path(root, name):
    return os.path.join(root, *name.split(".")) + ".wsp"


def wait(root, now):
    expected = {}
    for line in live(now):
        name, _, t = line.split()
        expected.setdefault(name, set()).add(int(t))
    deadline = time.time() + 120
    while time.time() < deadline:
        missing = 0
        for name, times in expected.items():
            file = path(root, name)
            if not os.path.exists(file):
                missing += len(times)
                continue
            finest = whisper.info(file)["archives"][0]
            (start, end, step), values = whisper.fetch(file, now + 60 - finest["retention"], now + 60, now=now + 60)
            have = {start + i * step for i, v in enumerate(values) if v is not None}
            missing += len([t for t in times if t - t % step not in have and now + 60 - t < finest["retention"] - 2 * step])
        if missing == 0:
            return
        time.sleep(0.5)
    sys.exit(f"carbon did not write every live point within 2 minutes ({missing} missing)")


def history(root, now):
    rnd = random.Random(5)
    for name in SERIES:
        file = path(root, name)
        archives = whisper.info(file)["archives"]
        for fine, coarse in zip(archives, archives[1:]):
            # Points in the coarse archive's reach but older than the finer one's, as whisper stored them when they
            # were written (update_many sends each to the finest archive that still reaches it).
            step = coarse["secondsPerPoint"]
            oldest = now - coarse["retention"] + 2 * step
            newest = now - fine["retention"] - step
            points = [(t, round(rnd.uniform(0, 1000), 2)) for t in range(oldest - oldest % step, newest, step) if rnd.random() < 0.8]
            whisper.update_many(file, points, now=now)
    # Tagged series where carbon puts them: under the name (TAG_HASH_FILENAMES = False) and under its hash (carbon's
    # default), whose name only graphite-web's tag database knows.
    from carbon.util import TaggedSeries
    for name, hash_only in (("imp.tagged;dc=west;host=h1", False), ("imp.hashed;dc=east;host=h2", True)):
        file = os.path.join(root, TaggedSeries.encode(name, os.sep, hash_only=hash_only) + ".wsp")
        os.makedirs(os.path.dirname(file), exist_ok=True)
        whisper.create(file, [(60, 360), (300, 2016)], xFilesFactor=0.5, aggregationMethod="average")
        whisper.update_many(file, [(now - i * 60, float(i)) for i in range(1, 200)] + [(now - 86400 - i * 300, i / 4) for i in range(0, 500, 3)], now=now)
    damaged = os.path.join(root, "damaged")
    os.makedirs(damaged, exist_ok=True)
    good = open(path(root, "imp.sum.a"), "rb").read()
    open(os.path.join(damaged, "empty.wsp"), "wb").close()
    open(os.path.join(damaged, "truncated.wsp"), "wb").write(good[: len(good) // 2])
    open(os.path.join(damaged, "garbage.wsp"), "wb").write(bytes(rnd.randrange(256) for _ in range(4096)))
    lying = bytearray(good)
    lying[16 + 8:16 + 12] = (10 ** 6).to_bytes(4, "big")  # archive 0 claims a million points
    open(os.path.join(damaged, "lying.wsp"), "wb").write(bytes(lying))


def many(root, count, now):
    rnd = random.Random(11)
    for i in range(count):
        file = os.path.join(root, f"host{i // 100:03d}", f"metric{i % 100:02d}.wsp")
        os.makedirs(os.path.dirname(file), exist_ok=True)
        whisper.create(file, [(60, 1440), (3600, 24 * 30)], xFilesFactor=0, aggregationMethod="average")
        whisper.update_many(file, [(now - j * 60, rnd.uniform(0, 10)) for j in range(1, 1440, 3)], now=now)
        whisper.update_many(file, [(now - 86400 - j * 3600, rnd.uniform(0, 10)) for j in range(1, 200)], now=now)


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "live":
        print("\n".join(live(int(sys.argv[2]))))
    elif mode == "wait":
        wait(sys.argv[2], int(sys.argv[3]))
    elif mode == "history":
        history(sys.argv[2], int(sys.argv[3]))
    elif mode == "conflict":
        os.makedirs(os.path.dirname(sys.argv[2]), exist_ok=True)
        whisper.create(sys.argv[2], [(60, 1440)], xFilesFactor=0, aggregationMethod="average")
        now = int(sys.argv[3])
        whisper.update_many(sys.argv[2], [(now - i * 60, 100.0 + i) for i in range(1, 11)], now=now)
    elif mode == "many":
        many(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
