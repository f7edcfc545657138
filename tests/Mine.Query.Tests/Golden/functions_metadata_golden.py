"""Writes Functions/GraphiteWebFunctions.json: every render function of graphite-web 1.1.8 with its group, the
parameters as its own Param.toJSON() reports them, and the Python signature. Mine's /functions must describe
the same parameters (FunctionMetadataTests). Debian's graphite-web cannot serve /functions itself on Python 3.11
(it calls inspect.getargspec, removed in 3.11), so the metadata is read from the function objects directly.

Run: /usr/bin/python3 tests/Mine.Query.Tests/Golden/functions_metadata_golden.py
(needs the settings module that /work/shared/tools/graphite-reference.sh writes into /tmp/gref/web)
"""
import inspect
import json
import os
import sys

sys.path.insert(0, '/tmp/gref/web')
os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'graphite.settings')
os.environ.setdefault('GRAPHITE_SETTINGS_MODULE', 'mine_reference_settings')

import django  # noqa: E402

django.setup()

from graphite.functions import SeriesFunctions  # noqa: E402

out = {}
for name, function in sorted(SeriesFunctions().items()):
    signature = str(inspect.signature(function)).replace('(requestContext, ', '(').replace('(requestContext)', '()')
    out[name] = {
        'group': function.group,
        'params': [p.toJSON() for p in function.params],
        'function': name + signature,
    }

target = os.path.join(os.path.dirname(__file__), '..', 'Functions', 'GraphiteWebFunctions.json')
with open(target, 'w') as f:
    f.write(json.dumps(out, indent=1, default=str).replace('Infinity', '1e9999') + '\n')
