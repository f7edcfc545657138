using System.Text;
using Mine.Protocols.Collectd;

namespace Mine.Protocols.Tests.Collectd;

public class TypesDbTests
{
    [Theory]
    [InlineData("load", "shortterm:GAUGE:0:5000,midterm:GAUGE:0:5000,longterm:GAUGE:0:5000")]
    [InlineData("if_octets", "rx:DERIVE:0:U,tx:DERIVE:0:U")]
    [InlineData("if_packets", "rx:DERIVE:0:U,tx:DERIVE:0:U")]
    [InlineData("df", "used:GAUGE:0:1125899906842623,free:GAUGE:0:1125899906842623")]
    [InlineData("cpu", "value:DERIVE:0:U")]
    [InlineData("memory", "value:GAUGE:0:281474976710656")]
    [InlineData("disk_octets", "read:DERIVE:0:U,write:DERIVE:0:U")]
    [InlineData("ps_cputime", "user:DERIVE:0:U,syst:DERIVE:0:U")]
    [InlineData("ps_count", "processes:GAUGE:0:1000000,threads:GAUGE:0:1000000")]
    [InlineData("vmpage_io", "in:DERIVE:0:U,out:DERIVE:0:U")]
    [InlineData("counter", "value:COUNTER:U:U")]
    [InlineData("absolute", "value:ABSOLUTE:0:U")]
    [InlineData("gauge", "value:GAUGE:U:U")]
    [InlineData("ib_octets", "rx:DERIVE:0:U,tx:DERIVE:0:U")]
    public void Built_in_table_has_collectds_standard_types(string type, string expected)
    {
        Assert.True(TypesDb.BuiltIn.TryGet(Encoding.UTF8.GetBytes(type), out var dataSet));
        Assert.Equal(expected, string.Join(",", dataSet.Sources.Select(s => s.ToString())));
    }

    [Fact]
    public void Built_in_table_matches_Debian_collectd_512()
    {
        // Debian collectd-core 5.12.0-14: 366 type lines, 41 of them with more than one data source, no bad lines.
        Assert.Equal(366, TypesDb.BuiltIn.Count);
        Assert.Equal(41, TypesDb.BuiltIn.DataSets.Count(d => d.Count > 1));
        Assert.Empty(TypesDb.BuiltIn.Warnings);
        Assert.False(TypesDb.BuiltIn.TryGet("no_such_type", out _));
    }

    [Fact]
    public void Built_in_table_equals_the_installed_file_when_present()
    {
        const string path = "/usr/share/collectd/types.db";
        if (!File.Exists(path))
        {
            return;
        }

        var installed = TypesDb.LoadFile(path);
        Assert.Equal(
            installed.DataSets.Select(d => d.ToString()).Order(StringComparer.Ordinal),
            TypesDb.BuiltIn.DataSets.Select(d => d.ToString()).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("t value:GAUGE:0:U", "t value:GAUGE:0:U")]
    [InlineData("t\tvalue:gauge:0:u", "t value:GAUGE:0:U")]
    [InlineData("  t   a:Counter:U:U,   b:derive:-5:5,  c:ABSOLUTE:0:1e3", "t a:COUNTER:U:U, b:DERIVE:-5:5, c:ABSOLUTE:0:1000")]
    [InlineData("t a:GAUGE:0:1 b:GAUGE:0:2", "t a:GAUGE:0:1, b:GAUGE:0:2")]
    [InlineData("t value:GAUGE:0:U\r", "t value:GAUGE:0:U")]
    [InlineData("t x::GAUGE:0:U", "t x:GAUGE:0:U")] // strtok skips the empty field
    [InlineData("t value:GAUGE:1.5abc:U", "t value:GAUGE:1.5:U")] // atof reads the numeric prefix
    [InlineData("t value:GAUGE:abc:U", "t value:GAUGE:0:U")] // atof of garbage is 0
    public void ParsesLikeCollectd(string line, string expected)
    {
        var db = TypesDb.Parse(line, "test.db");
        Assert.Empty(db.Warnings);
        Assert.True(db.TryGet("t", out var dataSet));
        Assert.Equal(expected, dataSet.ToString());
    }

    [Theory]
    [InlineData("# comment")]
    [InlineData("   # indented comment value:GAUGE:0:U")]
    [InlineData("")]
    [InlineData("   \t ")]
    public void Skips_comments_and_blank_lines_silently(string line)
    {
        var db = TypesDb.Parse(line + "\nok value:GAUGE:0:U\n", "test.db");
        Assert.Empty(db.Warnings);
        Assert.Equal(1, db.Count);
    }

    [Theory]
    [InlineData("t value:GAUGE:U", "has 3 ':'-separated fields")]
    [InlineData("t v:G:0:U", "test.db:2: cannot parse data source #0 of type 't': 'v:G:0:U' is shorter than 11 bytes; line skipped")]
    [InlineData("t value:GAUGE:0:U:9", "has 5 ':'-separated fields")]
    [InlineData("t value:TIMER:0:U", "type 'TIMER' is not GAUGE, COUNTER, DERIVE or ABSOLUTE")]
    [InlineData("t a:GAUGE:0:U,b:GAUGE:0:U", "has 7 ':'-separated fields")] // a comma is not a separator
    [InlineData("t a:GAUGE:0:U # trailing comment", "cannot parse data source #1")] // '#' mid-line is not a comment
    [InlineData("lonely", "type 'lonely' has no data sources")]
    public void SkipsBadLinesWithAWarningNamingFileAndLine(string line, string message)
    {
        var db = TypesDb.Parse("ok value:GAUGE:0:U\n" + line + "\nafter value:GAUGE:0:U\n", "test.db");
        var warning = Assert.Single(db.Warnings);
        Assert.Equal(2, warning.Line);
        Assert.Equal("test.db", warning.Source);
        Assert.Contains(message, warning.ToString(), StringComparison.Ordinal);
        Assert.True(db.TryGet("ok", out _));
        Assert.True(db.TryGet("after", out _));
        Assert.False(db.TryGet("t", out _));
    }

    [Fact]
    public void Skips_overlong_lines()
    {
        var db = TypesDb.Parse("long " + new string('x', 5000) + ":GAUGE:0:U\nok value:GAUGE:0:U", "big.db");
        Assert.Equal(1, Assert.Single(db.Warnings).Line);
        Assert.Equal(1, db.Count);
    }

    [Fact]
    public void Later_definitions_replace_earlier_ones()
    {
        var db = TypesDb.Parse("t value:GAUGE:0:1\nt value:DERIVE:0:U\n", "a.db");
        Assert.True(db.TryGet("t", out var dataSet));
        Assert.Equal(DataSourceType.Derive, dataSet[0].Type);

        var merged = TypesDb.BuiltIn.Merge(TypesDb.Parse("load value:GAUGE:0:1\nmine rx:COUNTER:0:U tx:COUNTER:0:U\n", "extra.db"));
        Assert.Equal(TypesDb.BuiltIn.Count + 1, merged.Count);
        Assert.True(merged.TryGet("load", out var load));
        Assert.Equal("value", Assert.Single(load.Sources).Name);
        Assert.True(merged.TryGet("mine", out var mine));
        Assert.Equal(2, mine.Count);
        Assert.True(TypesDb.BuiltIn.TryGet("load", out var original));
        Assert.Equal(3, original.Count);
    }

    [Fact]
    public void Loads_files_in_order_on_top_of_the_built_ins()
    {
        var first = Path.GetTempFileName();
        var second = Path.GetTempFileName();
        try
        {
            File.WriteAllText(first, "custom value:GAUGE:0:1\nbroken\n");
            File.WriteAllText(second, "custom value:DERIVE:0:U\n");
            var db = TypesDb.Load([first, second]);
            Assert.True(db.TryGet("custom", out var custom));
            Assert.Equal(DataSourceType.Derive, custom[0].Type);
            Assert.True(db.TryGet("load", out _));
            Assert.Equal(first, Assert.Single(db.Warnings).Source);

            Assert.Equal(1, TypesDb.Load([second], includeBuiltIn: false).Count);
        }
        finally
        {
            File.Delete(first);
            File.Delete(second);
        }
    }

    [Fact]
    public void Truncates_names_to_127_bytes_like_collectds_buffers()
    {
        var name = new string('n', 200);
        var db = TypesDb.Parse(name + " value:GAUGE:0:U", "test.db");
        Assert.True(db.TryGet(name[..127], out _));
        Assert.False(db.TryGet(name, out _));
    }

    [Fact]
    public void Value_range_uses_NaN_for_unbounded()
    {
        Assert.True(TypesDb.BuiltIn.TryGet("cpu", out var cpu));
        Assert.True(cpu[0].IsOutOfRange(-1));
        Assert.False(cpu[0].IsOutOfRange(1e300));
        Assert.True(double.IsNaN(cpu[0].Max));
    }
}
