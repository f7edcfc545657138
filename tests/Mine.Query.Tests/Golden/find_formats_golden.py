"""Writes Find/FindGoldenCases.cs: expected bodies and Content-Types come from graphite-web 1.1.8's own
metrics/views.py find_view / expand_view / index_json, called through Django's RequestFactory with the store's
find()/get_index() replaced by the fixed node lists below (graphite.node BranchNode/LeafNode).

format=msgpack bodies are binary: they are kept base64-encoded.

Run: /usr/bin/python3 tests/Mine.Query.Tests/Golden/find_formats_golden.py
(needs the settings module and sqlite DB that a graphite-reference.sh start writes to DIR/web; GRAPHITE_WEB_DIR
names that folder, /tmp/mq-ref/web by default)
"""
import base64
import json
import os
import sys

sys.path.insert(0, os.environ.get('GRAPHITE_WEB_DIR', '/tmp/mq-ref/web'))
os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'graphite.settings')
os.environ.setdefault('GRAPHITE_SETTINGS_MODULE', 'mine_reference_settings')

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from graphite.intervals import Interval, IntervalSet  # noqa: E402
from graphite.metrics import views  # noqa: E402
from graphite.node import BranchNode, LeafNode  # noqa: E402

INTERVALS = [(1795585780.63926, 1795672153.9155471)]


class Reader:
    def get_intervals(self):
        return IntervalSet([Interval(s, e) for s, e in INTERVALS])


def node(path, leaf):
    return LeafNode(path, Reader()) if leaf else BranchNode(path)


# Distinct last components only: graphite-web orders equal names randomly.
MIXED = [('a.zz', False), ('a.b', False), ('a.c', True), ('a.B', True), ('a.x+y%20z', True), ('a.\u00e9t\u00e9', False),
         ('a.%E2%98%83', True), ('a.q"uote', True)]
LEAVES = [('x.y.m2', True), ('x.y.m1', True)]
BRANCHES = [('x.b', False), ('x.a', False)]
ONE = [('solo', True)]

CASES = []


def find_case(name, nodes, params, accept=None):
    CASES.append(('find', name, nodes, params, accept))


for fmt in ('treejson', 'completer', 'json', 'nodelist'):
    find_case(fmt + ' mixed', MIXED, {'query': 'a.*', 'format': fmt})
    find_case(fmt + ' mixed wildcards', MIXED, {'query': 'a.*', 'format': fmt, 'wildcards': '1'})
    find_case(fmt + ' leaves wildcards', LEAVES, {'query': 'x.y.*', 'format': fmt, 'wildcards': '1'})
    find_case(fmt + ' branches wildcards', BRANCHES, {'query': 'x.*', 'format': fmt, 'wildcards': '1'})
    find_case(fmt + ' one wildcards', ONE, {'query': 'solo', 'format': fmt, 'wildcards': '1'})
    find_case(fmt + ' none', [], {'query': 'nothing.*', 'format': fmt})
    find_case(fmt + ' accept star', MIXED, {'query': 'a.*', 'format': fmt}, accept='*/*')
    find_case(fmt + ' jsonp pretty', MIXED, {'query': 'a.*', 'format': fmt, 'jsonp': 'cb', 'pretty': '1'})
for name, nodes in (('mixed', MIXED), ('leaves', LEAVES), ('one', ONE), ('none', [])):
    find_case('msgpack ' + name, nodes, {'query': 'a.*', 'format': 'msgpack'})
find_case('treejson default format', BRANCHES, {'query': 'x.*'})
find_case('treejson empty jsonp', BRANCHES, {'query': 'x.*', 'jsonp': ''})
find_case('treejson jsonp accept star', MIXED, {'query': 'a.*', 'jsonp': 'f'}, accept='*/*')
find_case('nodelist position 0', LEAVES + BRANCHES, {'query': 'x.*', 'format': 'nodelist', 'position': '0'})
find_case('nodelist position 1', LEAVES + BRANCHES, {'query': 'x.*', 'format': 'nodelist', 'position': '1'})
find_case('nodelist position -2', LEAVES, {'query': 'x.*', 'format': 'nodelist', 'position': '-2'})

EXPAND = [('a.*', [('a.b', False), ('a.c', True), ('a.B', True)]), ('x.*', [('x.y', False), ('a.c', True)]),
          ('z.*', [])]
for group in ('0', '1'):
    for leaves in ('0', '1'):
        CASES.append(('expand', 'expand group=%s leaves=%s' % (group, leaves), EXPAND,
                      {'groupByExpr': group, 'leavesOnly': leaves}, None))
CASES.append(('expand', 'expand jsonp accept star', EXPAND, {'groupByExpr': '1', 'jsonp': 'cb'}, '*/*'))
CASES.append(('index', 'index', ['b.x', 'a.\u00e9', 'a.b', 'b.x', 'A.z'], {}, None))
CASES.append(('index', 'index jsonp', ['b.x', 'a.b'], {'jsonp': 'cb'}, None))
CASES.append(('index', 'index empty jsonp pretty', ['b.x', 'a.b'], {'jsonp': '', 'pretty': '1'}, None))
CASES.append(('index', 'index accept star', ['caf\u00e9'], {}, '*/*'))


def run(kind, data, params, accept):
    factory = RequestFactory()
    extra = {'HTTP_ACCEPT': accept} if accept else {}
    if kind == 'find':
        views.STORE.find = lambda *a, **k: iter([node(p, leaf) for p, leaf in data])
        query = [(k, v) for k, v in params.items()]
        request = factory.get('/metrics/find', dict(query), **extra)
        request.user = AnonymousUser()
        response = views.find_view(request)
    elif kind == 'expand':
        by_query = dict(data)
        views.STORE.find = lambda q, *a, **k: iter([node(p, leaf) for p, leaf in by_query[q]])
        query = [('query', q) for q, _ in data] + list(params.items())
        request = factory.get('/metrics/expand', query, **extra)
        response = views.expand_view(request)
    else:
        views.STORE.get_index = lambda *a, **k: sorted(set(data))
        request = factory.get('/metrics/index.json', params, **extra)
        response = views.index_json(request)
    if response['Content-Type'] == 'application/x-msgpack':
        return response['Content-Type'], base64.b64encode(response.content).decode('ascii')
    return response['Content-Type'], response.content.decode('utf-8')


def cs(text):
    return json.dumps(text)


def cs_params(params):
    return 'new Dictionary<string, string> { %s }' % ', '.join('[%s] = %s' % (cs(k), cs(v)) for k, v in params.items())


def cs_nodes(nodes):
    return '[%s]' % ', '.join('new(%s, %s)' % (cs(p), 'true' if leaf else 'false') for p, leaf in nodes)


lines = []
for kind, name, data, params, accept in CASES:
    content_type, body = run(kind, data, params, accept)
    if kind == 'find':
        inputs = '(MetricNode[])' + cs_nodes(data)
    elif kind == 'expand':
        inputs = '(KeyValuePair<string, IReadOnlyList<MetricNode>>[])[%s]' % ', '.join(
            'new(%s, (MetricNode[])%s)' % (cs(q), cs_nodes(n)) for q, n in data)
    else:
        inputs = '(string[])[%s]' % ', '.join(cs(p) for p in data)
    lines.append('        new(%s, %s, %s, %s, %s, %s,\n            %s,\n            %s),' % (
        cs(kind), cs(name), 'null' if accept is None else cs(accept), cs_params(params),
        inputs,
        '[%s]' % ', '.join('new(%r, %r)' % iv for iv in INTERVALS), cs(content_type), cs(body)))

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'Find', 'FindGoldenCases.cs')
with open(out, 'w', encoding='utf-8') as f:
    f.write('''// <auto-generated>
// Generated by Golden/find_formats_golden.py from graphite-web 1.1.8 (Debian graphite-web 1.1.8-2): every expected
// body and Content-Type is what metrics/views.py answered for the same nodes and query parameters.
// </auto-generated>
#pragma warning disable
using Mine.Core.Series;
using Mine.Query.Find;

namespace Mine.Query.Tests.Find;

internal static class FindGoldenCases
{
    public static readonly FindGoldenCase[] All =
    [
''')
    f.write('\n'.join(lines))
    f.write('''
    ];
}
''')
print(len(CASES), 'cases')
