"""Prints the AtTimeParserTests golden table by running graphite-web 1.1.8's own attime.py.

Run: /usr/bin/python3 tests/Mine.Query.Tests/Golden/attime_golden.py > /tmp/rows.txt
(Debian bookworm: graphite-web 1.1.8-2, python3-tz 2022.7.1, system tzdata.)
"""
import calendar
import json

from django.conf import settings

settings.configure(TIME_ZONE='UTC')

import pytz  # noqa: E402
from datetime import datetime  # noqa: E402
from graphite.render.attime import parseATTime  # noqa: E402

GENERAL = [
    'now', 'NOW', ' Now ', '', '-1d', '-1D', '-1d2h', '+1d', '-5min', '-5minutes', '-30s', '-30sec', '-1h', '-3hours',
    '-1w', '-2weeks', '-1mon', '-1month', '-1y', '-2years', '+1y', 'now-1w', 'now+', '+', '-', '-5m', '-1mo', '-5',
    '-1d1', '-d', '+-5h', '-5h-3h', '-5h+3h', '5h', 'noon', 'midnight', 'teatime', 'today', 'yesterday', 'tomorrow',
    'noon yesterday', 'noon+yesterday', 'noon_yesterday', 'midnight tomorrow', 'teatime tuesday', 'yesterdaynoon',
    'noon+5h', '12pm', '12am', '3pm', '6am', '10:30pm', '10:30am', '12:30am', '12:30pm', '00:00pm', '23:59', '10:3',
    '10:3a', '99:00', '12:5x', '1:', ':30', 'x:30', '123:00', '1pam', 'xam', '1400000000', '0', '2014013',
    '20140523', '14:00_20140523', '14:0020140523', '18991231', '19991332', '20141301', '20140000', '20140230',
    '253402300799', '253402300800', '999999999999', '1000000000000000', '99999999999999999999',
    '01/01/69', '01/01/1969', '01/01/70', '01/01/00', '12/31/99', '2/29/2024', '02/30/2020', '13/01/2020', '1/2',
    'a/b/c', '01/01/-2000', '01/01/12000', '01/01/99999999999', 'noon 01/02/2020', '6am jan1', 'jan1', 'january15',
    'janxyz12', 'mar31', 'feb30', 'jan32', 'january', 'jan', 'dec25', 'sunday', 'monday', 'tue', 'wednesday',
    'thursday', 'friday', 'saturday', 'xyz', '-3000000d', '+3000000d', '-10000y', '-9999999999d',
    '\u0661\u0662:\u0663\u0660', '\u0662\u0660\u0661\u0664\u0660\u0665\u0662\u0663', '\u00b2', '-1d\u00b2',
    '1\tam', '-1d,2h', '-1_d',
]

# (zone, now) pairs: a plain UTC day, and days around DST changes where wall-clock references are ambiguous
# (clocks going back) or skipped (clocks going forward).
ZONES = [
    ('UTC', 1700000000, GENERAL),                          # 2023-11-14 22:13:20 UTC, a Tuesday
    ('America/New_York', 1700000000, GENERAL),
    ('Asia/Tokyo', 1700000000, ['253402300799', 'noon', '-1d', 'monday']),
    ('America/New_York', 1678636800, ['2:30am', '02:30', '2am', '3am', 'midnight', '-1d', 'yesterday',
                                      'noon yesterday', 'now-12h', 'sunday', 'saturday']),   # 2023-03-12 12:00 EDT
    ('America/New_York', 1699203600, ['1:30am', '01:30', '1am', '2am', 'midnight', 'yesterday', '-1d',
                                      'noon yesterday', 'tomorrow']),                        # 2023-11-05 12:00 EST
    ('Europe/Berlin', 1679832000, ['2:30am', 'midnight', '3am', 'yesterday']),               # 2023-03-26
    ('Europe/Berlin', 1698580800, ['2:30am', '2am', '3am', 'midnight']),                     # 2023-10-29
    ('Australia/Lord_Howe', 1680400800, ['1:45am', '1:15am', '2am', 'midnight']),            # 2023-04-02 (30 min back)
    ('Australia/Lord_Howe', 1696140000, ['2:15am', '2:45am', 'midnight', 'noon']),           # 2023-10-01 (30 min fwd)
]


def epoch(dt):
    return calendar.timegm(dt.astimezone(pytz.utc).timetuple())


def csharp(s):
    return json.dumps(s)


for zone, now_epoch, cases in ZONES:
    tz = pytz.timezone(zone)
    now = datetime.fromtimestamp(now_epoch, tz)
    for case in cases:
        try:
            expected = csharp(str(epoch(parseATTime(case, tz, now))))
        except Exception as error:  # noqa: BLE001 - the message is the golden value
            expected = csharp('!' + str(error))
        print('        { %s, %d, %s, %s },' % (csharp(zone), now_epoch, csharp(case), expected))
