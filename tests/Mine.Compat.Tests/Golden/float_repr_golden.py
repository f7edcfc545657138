"""Writes Python/FloatReprGolden.txt: "<IEEE-754 bits as hex> <CPython repr>" per line, for PythonFloatTests.

Run: /usr/bin/python3 tests/Mine.Compat.Tests/Golden/float_repr_golden.py   (CPython 3.11.2, the interpreter
graphite-web 1.1.8 runs on here; repr is the same in every CPython >= 3.1)
"""
import os
import random
import struct

rng = random.Random(20240601)
values = [0.0, -0.0, 1.0, -1.0, 0.1, 0.2, 0.3, 1 / 3, 2 / 3, 1e-05, 1e-04, 1e-4 * 0.999, 9.999e-05, 1e15, 1e16, 1e17,
          9999999999999998.0, 1e16 - 2, 1e22, 1e23, 123456789.123, 5e-324, 2.2250738585072014e-308,
          1.7976931348623157e308, 4.35, 0.000123, 100.0, 1234567890123456789.0, 2 ** 53, 2 ** 53 + 2, 2 ** 63,
          float(2 ** 64), 3.14159, 1.5e300, -2.5e-300, 0.5, 0.25, 1e100, 1e-100, 12.0, 120.0, 1200.0]
for exponent in range(-330, 310):
    values.append(float('1e%d' % exponent))
    values.append(float('1.5e%d' % exponent))
    values.append(float('-9.87654321e%d' % exponent))
while len(values) < 6000:
    kind = rng.randrange(4)
    if kind == 0:
        bits = rng.getrandbits(64)
        value = struct.unpack('<d', struct.pack('<Q', bits))[0]
        if value != value or value in (float('inf'), float('-inf')):
            continue
    elif kind == 1:
        value = round(rng.uniform(-1e6, 1e6), rng.randrange(0, 8))
    elif kind == 2:
        value = float(rng.randrange(-10 ** 18, 10 ** 18))
    else:
        value = rng.random() * 10 ** rng.randrange(-20, 20)
    values.append(value)

values = [float(v) for v in values]
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'Python', 'FloatReprGolden.txt')
with open(out, 'w') as f:
    for value in values:
        f.write('%016x %s\n' % (struct.unpack('<Q', struct.pack('<d', value))[0], repr(value)))
print(len(values))
