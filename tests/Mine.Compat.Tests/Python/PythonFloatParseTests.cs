using System.Globalization;
using System.Text;
using Mine.Compat.Python;

namespace Mine.Compat.Tests.Python;

public class PythonFloatParseTests
{
    /// <summary>
    /// Expected bits come from CPython 3.11:
    /// <c>python3 -c 'import struct; print(struct.pack(">d", float(TOKEN)).hex())'</c> ("error" where float() raises).
    /// </summary>
    [Theory]
    [InlineData("1.5", "3ff8000000000000")]
    [InlineData("-0", "8000000000000000")]
    [InlineData("+3", "4008000000000000")]
    [InlineData("1e3", "408f400000000000")]
    [InlineData("1E-2", "3f847ae147ae147b")]
    [InlineData(".5", "3fe0000000000000")]
    [InlineData("5.", "4014000000000000")]
    [InlineData("inf", "7ff0000000000000")]
    [InlineData("-Infinity", "fff0000000000000")]
    [InlineData("INF", "7ff0000000000000")]
    [InlineData("iNfInItY", "7ff0000000000000")]
    [InlineData("1_000", "408f400000000000")]
    [InlineData("1_0.0_1e0_1", "4059066666666666")]
    [InlineData("1e400", "7ff0000000000000")]
    [InlineData("-1e400", "fff0000000000000")]
    [InlineData("4.9e-324", "0000000000000001")]
    [InlineData("1e-400", "0000000000000000")]
    [InlineData("0.1", "3fb999999999999a")]
    [InlineData("123456789012345678901234567890", "45f8ee90ff6c373e")]
    [InlineData("9007199254740993", "4340000000000000")] // 2^53 + 1: not exact, must round to even
    [InlineData("9007199254740992.5", "4340000000000000")]
    [InlineData("3.141592653589793238462643383279", "400921fb54442d18")]
    [InlineData("1.7976931348623157e308", "7fefffffffffffff")]
    [InlineData("2.2250738585072014e-308", "0010000000000000")]
    [InlineData("0.30000000000000004", "3fd3333333333334")]
    [InlineData("12345678901234567890.5", "43e56a95319d63e1")]
    [InlineData(" 1.5 ", "3ff8000000000000")] // float() strips whitespace (pickle strings rely on it)
    [InlineData("1.5e+3", "4097700000000000")]
    [InlineData("00012", "4028000000000000")]
    [InlineData("0.000001", "3eb0c6f7a0b5ed8d")]
    [InlineData("54.321", "404b2916872b020c")]
    [InlineData("1779926400", "41da85e160000000")]
    [InlineData("1779926400.999999999", "41da85e160400000")] // rounds up to the next integer, as in Python
    [InlineData("1__0", "error")]
    [InlineData("_1", "error")]
    [InlineData("1_", "error")]
    [InlineData("0x10", "error")]
    [InlineData("", "error")]
    [InlineData(".", "error")]
    [InlineData("1e", "error")]
    [InlineData("e1", "error")]
    [InlineData("1.2.3", "error")]
    [InlineData("-", "error")]
    [InlineData("+", "error")]
    [InlineData("1e+", "error")]
    [InlineData("infinit", "error")]
    [InlineData("nana", "error")]
    [InlineData("1,5", "error")]
    [InlineData("1 5", "error")]
    [InlineData("--1", "error")]
    [InlineData("Infinity1", "error")]
    public void MatchesCPython(string token, string expectedBits)
    {
        var parsed = PythonFloat.TryParse(Encoding.ASCII.GetBytes(token), out var value);

        var actual = parsed ? BitConverter.DoubleToInt64Bits(value).ToString("x16", CultureInfo.InvariantCulture) : "error";
        Assert.Equal(expectedBits, actual);
    }

    [Theory]
    [InlineData("nan")]
    [InlineData("NaN")]
    [InlineData("-nan")]
    [InlineData("+nAn")]
    public void Parses_nan(string token)
    {
        Assert.True(PythonFloat.TryParse(Encoding.ASCII.GetBytes(token), out var value));
        Assert.True(double.IsNaN(value));
    }

    /// <summary>The Clinger fast path must agree bit for bit with a correctly rounding parser.</summary>
    [Fact]
    public void Fast_path_is_exact_for_random_decimals()
    {
        var random = new Random(20240601);
        var fastPathHits = 0;
        for (var i = 0; i < 100_000; i++)
        {
            var integerDigits = random.Next(0, 17);
            var fractionDigits = random.Next(integerDigits == 0 ? 1 : 0, 20 - integerDigits);
            var text = new StringBuilder();
            if (random.Next(4) == 0)
            {
                text.Append('-');
            }

            for (var d = 0; d < integerDigits; d++)
            {
                text.Append((char)('0' + random.Next(10)));
            }

            if (fractionDigits > 0 || random.Next(2) == 0)
            {
                text.Append('.');
            }

            for (var d = 0; d < fractionDigits; d++)
            {
                text.Append((char)('0' + random.Next(10)));
            }

            var token = text.ToString();
            var expected = double.Parse(token, CultureInfo.InvariantCulture);
            if (PythonFloat.TryParsePlainDecimal(Encoding.ASCII.GetBytes(token), out var fast))
            {
                fastPathHits++;
                Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(fast), token);
            }

            Assert.True(PythonFloat.TryParse(Encoding.ASCII.GetBytes(token), out var any), token);
            Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(any), token);
        }

        Assert.True(fastPathHits > 50_000, $"fast path taken only {fastPathHits} times");
    }
}
