#!/usr/bin/python3
"""Reads a /metrics/find or /render answer (format=pickle or msgpack) the way a graphite-web 1.1.8 front end reads a
cluster server's answer (finders/remote.py RemoteFinder.find_nodes and deserialize, readers/remote.py
RemoteReader.fetch_multi), with graphite-web's own restricted unpickler and msgpack module, and prints what it
got as JSON, so the federation tests can compare Mine's answers with graphite-web's.

  read_remote.py find|render pickle|msgpack FILE

find:   [{"path", "is_leaf", "intervals_class", "intervals": [[start, end, size, tuple]], "size"}]
render: [{"name", "pathExpression", "time_info", "values"}]
"""
import collections
import collections.abc
import json
import os
import sys

os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'graphite.settings')

# graphite-web 1.1.8's bundled umsgpack (used when python3-msgpack is absent) still calls collections.Hashable,
# which Python 3.10 removed: without this alias no graphite-web on Python 3.10+ reads a msgpack map at all.
collections.Hashable = collections.abc.Hashable

from graphite.intervals import Interval, IntervalSet  # noqa: E402
from graphite.finders.remote import RemoteFinder  # noqa: E402


def main():
    kind, fmt, path = sys.argv[1:4]
    with open(path, 'rb') as f:
        body = f.read()
    content_type = 'application/x-msgpack' if fmt == 'msgpack' else 'application/pickle'
    data = RemoteFinder._deserialize_buffer(body, content_type)
    out = []
    if kind == 'find':
        for node_info in data:
            # RemoteFinder.find_nodes
            path = node_info.get('path') or node_info.get('metric_path')
            is_leaf = node_info.get('is_leaf') or node_info.get('isLeaf')
            raw = node_info.get('intervals') or []
            intervals = raw
            if not isinstance(intervals, IntervalSet):
                intervals = IntervalSet([Interval(interval[0], interval[1]) for interval in intervals])
            out.append({
                'path': path,
                'is_leaf': is_leaf,
                'keys': sorted(node_info.keys()),
                'intervals_class': type(raw).__name__,
                'intervals': [[i.start, i.end, i.size, list(i.tuple)] for i in intervals],
                'size': intervals.size,
            })
    else:
        # RemoteReader.fetch_multi
        for series in data:
            out.append({
                'pathExpression': series.get('pathExpression', series['name']),
                'name': series['name'],
                'time_info': [series['start'], series['end'], series['step']],
                'values': series['values'],
            })
    json.dump(out, sys.stdout)


main()
