"""Exit 0 when two /render?format=json bodies hold the same series: same names and order, same timestamps,
values equal within 1e-9 relative (null == null). Used by query.sh where byte equality is too strict (graphite-web
prints Python ints such as 0 where Mine prints 0.0)."""
import json
import math
import sys

a, b = (json.load(open(p)) for p in sys.argv[1:3])
if [s['target'] for s in a] != [s['target'] for s in b]:
    sys.exit('names differ: %s vs %s' % ([s['target'] for s in a][:5], [s['target'] for s in b][:5]))
for x, y in zip(a, b):
    if len(x['datapoints']) != len(y['datapoints']):
        sys.exit('%s: %d vs %d points' % (x['target'], len(x['datapoints']), len(y['datapoints'])))
    for (v, t), (w, u) in zip(x['datapoints'], y['datapoints']):
        if t != u or (v is None) != (w is None) or (v is not None and not math.isclose(v, w, rel_tol=1e-9, abs_tol=1e-12)):
            sys.exit('%s at %s: %r vs %r' % (x['target'], t, v, w))
