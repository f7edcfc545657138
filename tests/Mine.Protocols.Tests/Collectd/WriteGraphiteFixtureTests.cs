using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Mine.Core.Series;
using Mine.Protocols.Collectd;
using static Mine.Protocols.Tests.Collectd.WriteGraphiteTestLists;

namespace Mine.Protocols.Tests.Collectd;

/// <summary>
/// Compares Mine's points with what the real collectd 5.12 write_graphite plugin wrote for the same value lists
/// (WriteGraphiteFixtures/: input.putval was injected through unixsock into Debian's collectd-core 5.12.0-14, one
/// write_graphite Node per option set captured on TCP; see WriteGraphiteCapture.py). Names must be identical;
/// values must print the same under collectd's formats (%.15g gauges, %f rates), raw integers equal as doubles.
/// collectd's "nan" lines are points Mine does not store; the one "value too old" list collectd still wrote is
/// the documented divergence (Mine drops it).
/// </summary>
public class WriteGraphiteFixtureTests
{
    public static TheoryData<string> Nodes => new()
    {
        "default", "prefix", "escape-at", "separate-appendds", "preserve", "dropdupes", "norates", "reversehost",
    };

    [Theory]
    [MemberData(nameof(Nodes))]
    public void Matches_real_write_graphite_output(string node)
    {
        var folder = FixtureFolder();
        var typesDb = TypesDb.Load([Path.Combine(folder, "extra-types.db")]);
        var converter = new WriteGraphiteConverter(typesDb, Options(node));
        var batch = new PointBatch();
        var counters = default(WriteGraphiteCounters);
        foreach (var line in File.ReadLines(Path.Combine(folder, "input.putval")))
        {
            if (line.Length > 0 && line[0] != '#')
            {
                AppendPutval(converter, typesDb, batch, ref counters, line);
            }
        }

        var written = File.ReadAllText(Path.Combine(folder, node + ".txt"), Encoding.UTF8)
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' '))
            .Select(f => (Name: f[0], Value: f[1], Timestamp: long.Parse(f[2], CultureInfo.InvariantCulture)))
            .ToList();
        Assert.Equal(76, written.Count);

        var seen = new HashSet<(string, long)>();
        var expected = new List<(string Name, string Value, long Timestamp)>();
        foreach (var point in written)
        {
            if (!seen.Add((point.Name, point.Timestamp)))
            {
                continue; // collectd wrote the "too old" list anyway
            }

            if (point.Value != "nan")
            {
                expected.Add(point);
            }
        }

        Assert.Equal(1, counters.TooOld);
        Assert.Equal(75, seen.Count);

        // collectd's five write threads may interleave value lists, so compare in a canonical order.
        expected = [.. expected.OrderBy(e => e.Name, StringComparer.Ordinal).ThenBy(e => e.Timestamp)];
        var actual = Points(batch).OrderBy(a => a.Name, StringComparer.Ordinal).ThenBy(a => a.Timestamp).ToList();
        Assert.Equal(expected.Select(e => (e.Name, e.Timestamp)), actual.Select(a => (a.Name, a.Timestamp)));
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(
                PrintsAs(actual[i].Value, expected[i].Value),
                $"{expected[i].Name}: collectd wrote {expected[i].Value}, Mine has {actual[i].Value:R}");
        }

        Assert.Equal(counters.PointsOut, batch.Count);
    }

    private static WriteGraphiteOptions Options(string node) => node switch
    {
        "default" => new(),
        "prefix" => new() { Prefix = "collectd.", Postfix = ".suffix" },
        "escape-at" => new() { EscapeCharacter = '@' },
        "separate-appendds" => new() { SeparateInstances = true, AlwaysAppendDS = true },
        "preserve" => new() { PreserveSeparator = true },
        "dropdupes" => new() { DropDuplicateFields = true },
        "norates" => new() { StoreRates = false },
        "reversehost" => new() { ReverseHost = true },
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    /// <summary>True when collectd's text is this value printed with %.15g or %f, or (raw integers) the same double.</summary>
    private static bool PrintsAs(double value, string text)
    {
        if (text == FormatG15(value) || text == value.ToString("F6", CultureInfo.InvariantCulture))
        {
            return true;
        }

        return !text.Contains('.', StringComparison.Ordinal)
            && double.Parse(text, CultureInfo.InvariantCulture) == value;
    }

    private static string FormatG15(double value)
    {
        var text = value.ToString("G15", CultureInfo.InvariantCulture);
        var e = text.IndexOf('E', StringComparison.Ordinal);
        return e < 0 ? text : $"{text[..e]}e{text[e + 1]}{text[(e + 2)..].PadLeft(2, '0')}";
    }

    /// <summary>PUTVAL "identifier" interval=N time:v1[:v2…], values typed by types.db like collectd's parse_values.</summary>
    private static void AppendPutval(
        WriteGraphiteConverter converter, TypesDb typesDb, PointBatch batch, ref WriteGraphiteCounters counters, string line)
    {
        var identifier = new StringBuilder();
        var i = line.IndexOf('"', StringComparison.Ordinal) + 1;
        for (; line[i] != '"'; i++)
        {
            identifier.Append(line[i] == '\\' ? line[++i] : line[i]);
        }

        var options = line[(i + 2)..].Split(' ');
        var interval = double.Parse(options[0]["interval=".Length..], CultureInfo.InvariantCulture);
        var fields = options[1].Split(':');
        var type = Split(identifier.ToString()).Type;
        Assert.True(typesDb.TryGet(type, out var dataSet));
        var values = new WireValue[fields.Length - 1];
        for (var v = 0; v < values.Length; v++)
        {
            var text = fields[v + 1];
            values[v] = dataSet[v].Type switch
            {
                DataSourceType.Gauge => WireValue.Gauge(text == "U" ? double.NaN : double.Parse(text, CultureInfo.InvariantCulture)),
                DataSourceType.Derive => WireValue.Derive(long.Parse(text, CultureInfo.InvariantCulture)),
                DataSourceType.Counter => WireValue.Counter(ulong.Parse(text, CultureInfo.InvariantCulture)),
                _ => WireValue.Absolute(ulong.Parse(text, CultureInfo.InvariantCulture)),
            };
        }

        var time = double.Parse(fields[0], CultureInfo.InvariantCulture);
        Append(converter, batch, ref counters, identifier.ToString(), Hr(time), Hr(interval), values);
    }

    private static string FixtureFolder([CallerFilePath] string path = "") =>
        Path.Combine(Path.GetDirectoryName(path)!, "WriteGraphiteFixtures");
}
