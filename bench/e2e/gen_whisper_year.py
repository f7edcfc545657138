#!/usr/bin/env python3
"""A year of 5-minute points for a slice of the fleet, written straight as whisper files (one 5m:1y archive,
average, xFilesFactor 0.5; the layout whisper.create + update_many leave, docs/whisper-import.md), much faster than
sending 100 M points through carbon.

    gen_whisper_year.py HOSTS WHISPER_DIR NAMES_FILE END

NAMES_FILE holds one host's metric names (servers.HOST.rest), END the Unix time of the newest slot (a multiple of
300). Series values follow a daily wave with a per-series level, so sums and averages are easy to check by eye.
"""
import math
import os
import struct
import sys

STEP, POINTS = 300, 105120


def main():
    hosts, out, names_file, end = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
    rests = [line.strip().split(".", 2)[2] for line in open(names_file) if line.strip()]
    first = end - (POINTS - 1) * STEP
    stamps = [first + i * STEP for i in range(POINTS)]
    wave = [math.sin(2 * math.pi * (t % 86400) / 86400) for t in stamps]
    header = struct.pack("!2LfL", 1, STEP * POINTS, 0.5, 1) + struct.pack("!3L", 28, STEP, POINTS)
    layout = "!" + "Ld" * POINTS
    for h in range(hosts):
        host = "year-%03d" % (h + 1)
        for s, rest in enumerate(rests):
            level = 10.0 + (h * 7 + s * 13) % 90
            values = [level + 5.0 * w for w in wave]
            flat = [x for pair in zip(stamps, values) for x in pair]
            path = os.path.join(out, "servers", host, *rest.split(".")) + ".wsp"
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(header)
                f.write(struct.pack(layout, *flat))
    print("%d files, %d points each, %d to %d" % (hosts * len(rests), POINTS, first, end))


main()
