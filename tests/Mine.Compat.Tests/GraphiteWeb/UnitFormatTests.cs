using Mine.Compat.GraphiteWeb;

namespace Mine.Compat.Tests.GraphiteWeb;

public class UnitFormatTests
{
    // Expected values from graphite-web 1.1.8's glyph.format_units.
    [Theory]
    [InlineData(999.0, "si", null, 999.0, "")]
    [InlineData(1000.0, "si", null, 1.0, "k")]
    [InlineData(1500.0, "si", "b", 1.5, "kb")]
    [InlineData(2500000000.0, "si", null, 2.5, "G")]
    [InlineData(-1500.0, "si", null, -1.5, "k")]
    [InlineData(-1500.0, "binary", "B", -1.46484375, "KiB")]
    [InlineData(1024.0, "binary", null, 1.0, "Ki")]
    [InlineData(5242880.0, "binary", null, 5.0, "Mi")]
    [InlineData(1e+18, "si", null, 1000.0, "P")]
    [InlineData(2.00000000000001, "si", null, 2.0, "")]
    [InlineData(0.5, "si", "x", 0.5, "x")]
    [InlineData(3000.0000000000005, "si", null, 3.0, "k")]
    [InlineData(-3.0, "si", null, -3.0, "")]
    [InlineData(1.0, "si", null, 1.0, "")]
    public void Scales_to_the_largest_prefix(double value, string system, string? units, double scaled, string prefix)
        => Assert.Equal((scaled, prefix), UnitFormat.FormatUnits(value, step: null, system, units));
}
