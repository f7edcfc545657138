#!/usr/bin/python3
"""The data set of the graphite-web differential test, written twice with the same points: as whisper files for
graphite-web (python3-whisper, the archives and aggregation of storage-schemas.conf / storage-aggregation.conf
next to this script) and as Graphite plaintext lines for Mine.

Values depend only on the series name and the point's index, never on the clock; only the timestamps move: the
points cover the HOURS hours before --end (a whole hour in the past, so whisper keeps every point), the history.*
series (for Holt-Winters' week of bootstrap and timeStack's days) the HISTORY_DAYS days before it.

  make_dataset.py --end EPOCH --whisper DIR --plaintext FILE --tagged FILE --events FILE

Prints one JSON line: {"series": n, "points": n, "start": epoch, "end": epoch}.
Tagged series are written where carbon 1.1.8 puts them by default (TAG_HASH_FILENAMES = True):
_tagged/<sha256[0:3]>/<sha256[3:6]>/<sha256>.wsp, the hash taken over the normalised name,
and listed in --tagged, one per line, for graphite-web's tag database (POST /tags/tagMultiSeries).
--events gets a JSON list of events ({"what", "tags", "when", "data"}) to post to both /events APIs.
"""
import argparse
import configparser
import hashlib
import json
import math
import os
import random
import re

import whisper

HERE = os.path.dirname(os.path.abspath(__file__))
HOURS = 6
HISTORY_DAYS = 9
HOSTS = ['host%02d' % n for n in range(1, 11)]


def datacenter(host):
    return 'dc1' if int(host[4:]) <= 5 else 'dc2'


def load_schemas():
    schemas = configparser.ConfigParser()
    schemas.read(os.path.join(HERE, 'storage-schemas.conf'))
    aggregation = configparser.ConfigParser()
    aggregation.read(os.path.join(HERE, 'storage-aggregation.conf'))
    rules = [(re.compile(schemas[s]['pattern']), [whisper.parseRetentionDef(r.strip()) for r in schemas[s]['retentions'].split(',')])
             for s in schemas.sections()]
    aggs = [(re.compile(aggregation[s]['pattern']), float(aggregation[s]['xFilesFactor']), aggregation[s]['aggregationMethod'])
            for s in aggregation.sections()]

    def archives_for(name):
        # carbon takes the first section whose pattern matches anywhere in the name.
        return next(archives for pattern, archives in rules if pattern.search(name))

    def aggregation_for(name):
        return next((xff, method) for pattern, xff, method in aggs if pattern.search(name))

    return archives_for, aggregation_for


def walk(rng, n, low, high, start=None, jitter=None):
    """A bounded random walk: smooth enough for moving averages, varied enough to rank hosts differently."""
    jitter = jitter if jitter is not None else (high - low) / 20
    value = start if start is not None else rng.uniform(low, high)
    out = []
    for _ in range(n):
        value = min(high, max(low, value + rng.uniform(-jitter, jitter)))
        out.append(value)
    return out


def counter(rng, n, first, low_rate, high_rate):
    value = first
    out = []
    for _ in range(n):
        out.append(value)
        value += rng.randint(low_rate, high_rate)
    return out


def host_series(n):
    """The fleet: ~24 series per host under servers.<dc>.<host>.<plugin>.<instance>.<metric> (6 nodes)."""
    for host in HOSTS:
        prefix = 'servers.%s.%s.' % (datacenter(host), host)
        for core in range(4):
            rng = random.Random(prefix + 'cpu.%d' % core)
            user = walk(rng, n, 0, 60)
            system = walk(rng, n, 0, 15)
            yield prefix + 'cpu.%d.user' % core, [round(u, 2) for u in user]
            yield prefix + 'cpu.%d.system' % core, [round(s, 2) for s in system]
            yield prefix + 'cpu.%d.idle' % core, [round(100 - round(u, 2) - round(s, 2), 2) for u, s in zip(user, system)]
        rng = random.Random(prefix + 'load')
        short = walk(rng, n, 0, 4 + int(host[4:]) / 5)
        mid = [sum(short[max(0, i - 4):i + 1]) / len(short[max(0, i - 4):i + 1]) for i in range(n)]
        long_ = [sum(short[max(0, i - 14):i + 1]) / len(short[max(0, i - 14):i + 1]) for i in range(n)]
        yield prefix + 'load.load.shortterm', [round(v, 3) for v in short]
        yield prefix + 'load.load.midterm', [round(v, 3) for v in mid]
        yield prefix + 'load.load.longterm', [round(v, 3) for v in long_]
        for interface in ('eth0', 'eth1'):
            for direction in ('rx', 'tx'):
                name = prefix + 'interface.%s.%s' % (interface, direction)
                rng = random.Random(name)
                values = counter(rng, n, rng.randint(10 ** 6, 10 ** 9), 1000, 500000)
                if name == 'servers.dc1.host03.interface.eth0.rx':
                    # a 32-bit counter that wraps a third of the way in
                    values = [(v - values[n // 3] + 2 ** 32) % 2 ** 32 for v in values]
                if name == 'servers.dc2.host07.interface.eth0.tx':
                    # the host restarted: the counter starts again from zero
                    values = values[:200] + [v - values[200] for v in values[200:]]
                yield name, values
        for op in ('read', 'write'):
            rng = random.Random(prefix + 'disk.' + op)
            yield prefix + 'disk.sda.%s' % op, [rng.randint(0, 500) for _ in range(n)]
        rng = random.Random(prefix + 'memory')
        used = walk(rng, n, 2e9, 12e9, jitter=5e7)
        cached = walk(rng, n, 1e9, 3e9, jitter=2e7)
        yield prefix + 'memory.memory.used', [int(v) for v in used]
        yield prefix + 'memory.memory.cached', [None if host == 'host05' and 100 <= i < 130 else int(v) for i, v in enumerate(cached)]
        yield prefix + 'memory.memory.free', [int(16e9 - u - c) for u, c in zip(used, cached)]


def special_series(n):
    """Series with the shapes functions care about: gaps, negatives, zeros, nothing in most of the range."""
    rng = random.Random('special')
    yield 'special.gaps', [None if i % 7 == 3 or 200 <= i < 240 else round(50 + 40 * math.sin(i / 20), 4) for i in range(n)]
    yield 'special.negative', [round(30 * math.sin(i / 15) + rng.uniform(-10, 10), 3) for i in range(n)]
    yield 'special.zeros', [0] * n
    yield 'special.allnull', [float(i) if i < 60 else None for i in range(n)]
    yield 'special.ramp', list(range(n))
    yield 'special.constant', [42.5] * n
    yield 'special.step', [float(i // 30 * 10) for i in range(n)]
    yield 'special.binary', [i // 11 % 2 for i in range(n)]
    yield 'special.sparse', [round(rng.uniform(0, 100), 2) if i % 10 == 0 else None for i in range(n)]
    yield 'special.tiny', [round(rng.uniform(-1, 1) * 1e-9, 15) for i in range(n)]
    yield 'special.huge', [round(rng.uniform(1e15, 1e16)) for i in range(n)]
    yield 'special.mixed', [None if i % 13 == 0 else 0 if i % 5 == 0 else round(rng.uniform(-100, 100), 2) for i in range(n)]
    yield 'special.odd-name_1', [round(rng.uniform(0, 10), 1) for i in range(n)]


def tagged_series(n):
    """Tagged series, names already in carbon's normal form (tags sorted)."""
    for host in (HOSTS[0], HOSTS[1], HOSTS[5], HOSTS[6]):
        for status in ('200', '500'):
            name = 'app.requests;dc=%s;host=%s;status=%s' % (datacenter(host), host, status)
            rng = random.Random(name)
            yield name, [rng.randint(0, 1000 if status == '200' else 20) for _ in range(n)]
        name = 'app.latency;dc=%s;host=%s' % (datacenter(host), host)
        rng = random.Random(name)
        yield name, [None if i % 17 == 0 else round(rng.uniform(1, 250), 1) for i in range(n)]
    yield 'disk.used;host=host01;mount=root', walk(random.Random('disk.used'), n, 10, 90)


def whisper_path(root, name):
    if ';' in name:
        digest = hashlib.sha256(name.encode('utf8')).hexdigest()
        return os.path.join(root, '_tagged', digest[0:3], digest[3:6], digest + '.wsp')
    return os.path.join(root, *name.split('.')) + '.wsp'


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--end', type=int, required=True)
    parser.add_argument('--whisper', required=True)
    parser.add_argument('--plaintext', required=True)
    parser.add_argument('--tagged', required=True)
    parser.add_argument('--events', required=True)
    args = parser.parse_args()
    if args.end % 3600:
        parser.error('--end must be a whole hour')
    archives_for, aggregation_for = load_schemas()
    start = args.end - HOURS * 3600

    series = list(host_series(HOURS * 60)) + list(special_series(HOURS * 60)) + list(tagged_series(HOURS * 60))
    # The slow series get one point per 120 s (their schema's step).
    slow = [('slow.a.value', [round(50 + 30 * math.cos(i / 10), 3) for i in range(HOURS * 30)]),
            ('slow.b.value', [None if i % 9 == 4 else float(i % 20) for i in range(HOURS * 30)]),
            ('slow.a.counter', counter(random.Random('slow'), HOURS * 30, 1000, 10, 100))]

    # history.*: a daily cycle with noise and a weekly bump, one point per 10 minutes (their schema's step).
    history_points = HISTORY_DAYS * 144
    rng = random.Random('history')
    history = [('history.web.requests', [round(1000 + 600 * math.sin(2 * math.pi * i / 144) + (300 if i // 144 % 7 == 5 else 0) + rng.uniform(-80, 80), 1)
                                         for i in range(history_points)]),
               ('history.web.errors', [None if i % 37 < 3 else round(max(0, 5 + 4 * math.sin(2 * math.pi * i / 144) + rng.uniform(-3, 3)), 2)
                                       for i in range(history_points)])]

    points = 0
    tagged = []
    with open(args.plaintext, 'w') as plaintext:
        for name, values in series + slow + history:
            archives = archives_for(name)
            step = archives[0][0]
            span = HISTORY_DAYS * 86400 if name.startswith('history.') else HOURS * 3600
            if len(values) * step != span:
                raise SystemExit('%s: %d values at %ds do not cover %d s' % (name, len(values), step, span))
            stamped = [(args.end - span + i * step, v) for i, v in enumerate(values) if v is not None]
            if name == 'special.odd-name_1':
                # not on the step: both stores put a point at the start of its interval
                stamped = [(t + 17, v) for t, v in stamped]
            path = whisper_path(args.whisper, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            xff, method = aggregation_for(name)
            whisper.create(path, archives, xFilesFactor=xff, aggregationMethod=method)
            whisper.update_many(path, stamped)
            for t, v in stamped:
                plaintext.write('%s %r %d\n' % (name, v, t))
            points += len(stamped)
            if ';' in name:
                tagged.append(name)
    with open(args.tagged, 'w') as f:
        f.write(''.join(t + '\n' for t in tagged))
    events = [
        {'what': 'deploy app 1.0', 'tags': ['deploy', 'app'], 'when': start + 3600, 'data': 'first'},
        {'what': 'deploy app 1.1', 'tags': ['deploy', 'app'], 'when': start + 3 * 3600 + 120, 'data': 'second'},
        {'what': 'host07 reboot', 'tags': ['reboot', 'host07'], 'when': start + 200 * 60, 'data': ''},
        {'what': 'maintenance', 'tags': ['maintenance'], 'when': start + 5 * 3600 + 30, 'data': 'window'},
    ]
    with open(args.events, 'w') as f:
        json.dump(events, f)
    print(json.dumps({'series': len(series) + len(slow) + len(history), 'points': points, 'start': start, 'end': args.end}))


if __name__ == '__main__':
    main()
