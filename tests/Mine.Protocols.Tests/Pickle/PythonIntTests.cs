using System.Text;
using Mine.Protocols.Pickle;

namespace Mine.Protocols.Tests.Pickle;

/// <summary>Expected values from CPython 3.11 (<c>pickle.loads(b"I…\n.")</c>, <c>int(x, 0)</c>, <c>float(int)</c>).</summary>
public class PythonIntTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("01", 1L)]
    [InlineData("010", 8L)] // octal, as C's strtol reads it
    [InlineData("0x1f", 31L)]
    [InlineData("-0X10", -16L)]
    [InlineData(" 5", 5L)]
    [InlineData("+1", 1L)]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("9223372036854775807", long.MaxValue)]
    public void ReadsIntLikeStrtol(string text, long expected)
    {
        Assert.True(PythonInt.TryParseCLong(Encoding.ASCII.GetBytes(text), out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("08")]
    [InlineData("9223372036854775808")]
    [InlineData("1_0")]
    [InlineData("0x")]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("5 ")]
    public void Leaves_the_rest_to_Python_int(string text)
    {
        Assert.False(PythonInt.TryParseCLong(Encoding.ASCII.GetBytes(text), out _));
    }

    [Theory]
    [InlineData("1_0", true, 10.0)]
    [InlineData("0x_ff", true, 255.0)]
    [InlineData("0o17", true, 15.0)]
    [InlineData("0b101", true, 5.0)]
    [InlineData("000", true, 0.0)]
    [InlineData("007", false, 7.0)] // base 10 allows leading zeros
    [InlineData(" -12 ", true, -12.0)]
    [InlineData("99999999999999999999", true, 1e20)]
    [InlineData("-18446744073709551616", true, -18446744073709551616.0)]
    public void ParsesLikePythonInt(string text, bool detectBase, double expected)
    {
        Assert.True(PythonInt.TryParse(Encoding.ASCII.GetBytes(text), detectBase, out var value));
        Assert.True(value.TryGetNumber(out var number));
        Assert.Equal(expected, number);
    }

    [Theory]
    [InlineData("007", true)]
    [InlineData("1__0", true)]
    [InlineData("_1", true)]
    [InlineData("1_", true)]
    [InlineData("0x", true)]
    [InlineData("0x10", false)]
    [InlineData("12a", true)]
    [InlineData("", true)]
    public void Rejects_what_Python_int_rejects(string text, bool detectBase)
    {
        Assert.False(PythonInt.TryParse(Encoding.ASCII.GetBytes(text), detectBase, out _));
    }

    [Fact]
    public void Rejects_decimals_longer_than_pythons_digit_limit()
    {
        Assert.True(PythonInt.TryParse(Encoding.ASCII.GetBytes(new string('1', 4300)), detectBase: true, out var atLimit));
        Assert.False(atLimit.TryGetNumber(out _)); // 10^4299 is beyond float: OverflowError in carbon
        Assert.False(PythonInt.TryParse(Encoding.ASCII.GetBytes(new string('1', 4301)), detectBase: true, out _));
    }

    [Theory]
    [InlineData("", 0.0)]
    [InlineData("ff", -1.0)]
    [InlineData("ff00", 255.0)] // the 0x00 byte keeps it positive
    [InlineData("00f15365", 1700000000.0)]
    [InlineData("0000000000000080", -9223372036854775808.0)]
    [InlineData("000000000000000001", 18446744073709551616.0)]
    [InlineData("05000000000000000000000000000000000000", 5.0)] // zero padding is not a big number
    [InlineData("fbffffffffffffffffffffffffffffffffffff", -5.0)]
    public void DecodesTwosComplementLongs(string littleEndianHex, double expected)
    {
        var value = PythonInt.FromTwosComplement(Convert.FromHexString(littleEndianHex));

        Assert.True(value.TryGetNumber(out var number));
        Assert.Equal(expected, number);
    }
}
