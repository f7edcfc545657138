#!/usr/bin/python3
"""Expected y-axis ticks and labels, computed by graphite-web 1.1.8's own glyph.py (Debian's graphite-web).

Run with Debian's Python:  DJANGO_SETTINGS_MODULE=graphite.settings /usr/bin/python3 axis_golden.py > axis_golden.json
Each case: data min/max, unit system, optional yMin/yMax/yLimit/yStep/divisors/logBase; the answer: step, bottom,
top, label values and labels, or the GraphError message.
"""
import json
import warnings

warnings.simplefilter('ignore')
from graphite.render import glyph  # noqa: E402

RANGES = [(0, 1), (3.2, 97.5), (0, 100), (-5, 5), (-120, -3), (0.001, 0.0042), (12345, 98765), (0, 1.5e9),
          (7, 7), (0, 0), (-3, -3), (1e-9, 3e-9), (2048, 1048576), (0, 86400 * 3), (59, 61), (0.5, 0.51),
          (1, 1e6), (3, 1e12)]
SYSTEMS = ['si', 'binary', 'sec', 'msec', 'none']
OPTIONS = [
    {},
    {'yMin': 0},
    {'yMax': 250},
    {'yMin': -10, 'yMax': 10},
    {'yLimit': 50},
    {'yStep': 7},
    {'divisors': [3, 7]},
    {'yMax': 'max'},
    {'logBase': 10},
    {'logBase': 2},
]


def case(lo, hi, system, opts):
    try:
        if 'logBase' in opts:
            tics = glyph._LogAxisTics(lo, hi, unitSystem=system, base=opts['logBase'])
        else:
            tics = glyph._LinearAxisTics(lo, hi, unitSystem=system)
        tics.applySettings(axisMin=opts.get('yMin'), axisMax=opts.get('yMax'), axisLimit=opts.get('yLimit'))
        if 'yStep' in opts:
            tics.setStep(opts['yStep'])
        else:
            tics.chooseStep(divisors=opts.get('divisors', [4, 5, 6]), binary=(system == 'binary'))
        tics.chooseLimits()
        values = tics.getLabelValues()
        return {'step': tics.step, 'bottom': tics.bottom, 'top': tics.top, 'labelValues': values,
                'labels': [tics.makeLabel(v) for v in values]}
    except glyph.GraphError as e:
        return {'error': str(e)}


cases = []
for lo, hi in RANGES:
    for system in SYSTEMS:
        for opts in OPTIONS:
            cases.append({'min': lo, 'max': hi, 'system': system, 'options': opts,
                          'expected': case(float(lo), float(hi), system, opts)})

units = []
for v in [0, 0.5, 1, 999, 1000, 1500, 1536, 1048576, 3e9, 86400, 3600 * 5, 61, -2500, 1e15, 2.5e16]:
    for system in SYSTEMS:
        for step in [None, 1, 1000, 1024, 3600]:
            value, prefix = glyph.format_units(float(v), step, system=system)
            units.append({'value': v, 'system': system, 'step': step, 'scaled': value, 'prefix': prefix})

print(json.dumps({'axes': cases, 'units': units}, indent=0))
