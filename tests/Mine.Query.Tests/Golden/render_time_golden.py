"""Prints RenderTimeRangeTests rows by calling graphite-web 1.1.8's render/views.py parseOptions on fake requests.

Run: /usr/bin/python3 tests/Mine.Query.Tests/Golden/render_time_golden.py
(needs the settings module written by /work/shared/tools/graphite-reference.sh in /tmp/mq-ref/web)
"""
import json
import os
import sys

sys.path.insert(0, '/tmp/mq-ref/web')
os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'graphite.settings')
os.environ.setdefault('GRAPHITE_SETTINGS_MODULE', 'mine_reference_settings')

import django  # noqa: E402

django.setup()

from django.test import RequestFactory  # noqa: E402
from graphite.render.views import parseOptions  # noqa: E402
from graphite.util import epoch  # noqa: E402

CASES = [
    # (from, until, now, tz); None = parameter absent
    (None, None, '1700000000', None),
    ('-2h', None, '1700000000', None),
    ('-2h', '-1h', '1700000000', None),
    ('-1h', '-2h', '1700000000', None),
    ('now', None, '1700000000', None),
    ('', None, '1700000000', None),
    ('-1h', '-1h', '1700000000', None),
    ('noon', 'midnight', '1700000000', 'America/New_York'),
    ('noon', 'midnight', '1700000000', 'Not/AZone'),
    ('noon', None, '1700000000', 'europe/berlin'),
    ('-5m', None, '1700000000', None),
    (None, 'bogus', '1700000000', None),
    ('20140523', '20140524', '1700000000', None),
    ('1400000000', '1400003600', '1700000000', None),
]


def q(value):
    return json.dumps(value) if value is not None else 'null'


factory = RequestFactory()
for from_, until, now, tz in CASES:
    params = {k: v for k, v in (('from', from_), ('until', until), ('now', now), ('tz', tz)) if v is not None}
    params['target'] = 'a'
    try:
        _, options = parseOptions(factory.get('/render', params))
        expected = '%d..%d' % (epoch(options['startTime']), epoch(options['endTime']))
    except Exception as error:  # noqa: BLE001 - the message is the golden value
        expected = '!' + str(error)
    print('        { %s, %s, %s, %s, %s },' % (q(from_), q(until), q(now), q(tz), json.dumps(expected)))
