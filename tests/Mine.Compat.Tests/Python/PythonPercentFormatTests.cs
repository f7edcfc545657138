using Mine.Compat.Python;
using Xunit;

namespace Mine.Compat.Tests.Python;

public class PythonPercentFormatTests
{
    // Expected texts printed by CPython 3.11.
    [Theory]
    [InlineData("%.2f", 0.125, "0.12")]
    [InlineData("%.2f", 2.675, "2.67")]
    [InlineData("%.2f", -0.001, "-0.00")]
    [InlineData("%.0f", 0.5, "0")]
    [InlineData("%.0f", 1.5, "2")]
    [InlineData("%.2f", 1e+22, "10000000000000000000000.00")]
    [InlineData("%.3e", 0.0, "0.000e+00")]
    [InlineData("%g", 1e-05, "1e-05")]
    [InlineData("%g", 123456789.0, "1.23457e+08")]
    [InlineData("%#g", 1.0, "1.00000")]
    [InlineData("%.3g", 0.0001234, "0.000123")]
    [InlineData("%g", 100000.0, "100000")]
    [InlineData("%g", 1000000.0, "1e+06")]
    [InlineData("%5.1f", double.PositiveInfinity, "  inf")]
    [InlineData("%05.1f", double.NegativeInfinity, "-0inf")]
    [InlineData("%06.1f", double.NaN, "000nan")]
    [InlineData("%e", 99999999999.9, "1.000000e+11")]
    [InlineData("%.1f", 0.05, "0.1")]
    [InlineData("%.1f", 0.25, "0.2")]
    [InlineData("%d", -2.7, "-2")]
    [InlineData("%.3d", 5.0, "005")]
    [InlineData("%06d", -3.0, "-00003")]
    [InlineData("%-06d|", 3.0, "3     |")]
    [InlineData("% 06.1f", 2.0, " 002.0")]
    [InlineData("%+.1e", -0.0, "-0.0e+00")]
    [InlineData("%G", 1e-10, "1E-10")]
    [InlineData("%.0e", 5e-324, "5e-324")]
    [InlineData("%.20f", 0.1, "0.10000000000000000555")]
    [InlineData("%s", 1e+16, "1e+16")]
    [InlineData("%06s", 1.5, "   1.5")]
    [InlineData("%10.4s|", 3.14159, "      3.14|")]
    [InlineData("100%% %d", 7.0, "100% 7")]
    public void Formats_one_number_like_cpython(string format, double value, string expected)
        => Assert.Equal(expected, PythonPercentFormat.Format(format, value));

    [Theory]
    [InlineData("plain", "not all arguments converted during string formatting")]
    [InlineData("%d %d", "not enough arguments for format string")]
    [InlineData("%*d", "* wants int")]
    [InlineData("%(a)s", "format requires a mapping")]
    [InlineData("%", "incomplete format")]
    [InlineData("%q", "unsupported format character 'q' (0x71) at index 1")]
    [InlineData("%c", "%c requires int or char")]
    public void Python_errors_become_format_exceptions(string format, string message)
        => Assert.Equal(message, Assert.Throws<FormatException>(() => PythonPercentFormat.Format(format, 1.0)).Message);

    [Theory]
    [InlineData("ab", -4, "ab  ")]
    [InlineData("ab", 4, "  ab")]
    [InlineData("abcdef", -4, "abcdef")]
    [InlineData("\U0001F600x", -4, "\U0001F600x  ")]
    public void Pads_by_code_points(string text, int width, string expected)
        => Assert.Equal(expected, PythonPercentFormat.Pad(text, width));
}
