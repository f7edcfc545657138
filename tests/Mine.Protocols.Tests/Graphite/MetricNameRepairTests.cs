using System.Text;
using Mine.Core.Series;
using Mine.Protocols.Graphite;
using Mine.Protocols.Tests.TestSupport;
using static Mine.Protocols.Tests.Graphite.PlaintextTestHarness;

namespace Mine.Protocols.Tests.Graphite;

/// <summary>
/// Names with empty components (a statsd or collectd prefix with an empty host variable makes them) are stored
/// where carbon's whisper files put them, and every name a parser accepts passes storage's own rule.
/// </summary>
public class MetricNameRepairTests
{
    [Theory]
    [InlineData("dots..x", "dots.x")]
    [InlineData(".lead", "lead")]
    [InlineData("trail.", "trail")]
    [InlineData("stats..timers.api", "stats.timers.api")]
    [InlineData("..a...b..", "a.b")]
    [InlineData("a..b;name=z", "a.b")] // the only tag is name=, so the canonical form is a plain path
    [InlineData("a.b", "a.b")]
    public void EmptyComponentsAreRemoved(string sent, string stored)
    {
        var (points, counters) = ParseWhole(Encoding.UTF8.GetBytes($"{sent} 1 1700000000\n"));

        Assert.Equal(stored, Assert.Single(points).Name);
        Assert.Equal(sent == stored || sent.Contains(';', StringComparison.Ordinal) && !sent.Contains("..", StringComparison.Ordinal) ? 0 : 1, counters.NamesRepaired);
        Assert.Equal(MetricNameProblem.None, MetricNames.Check(Encoding.UTF8.GetBytes(stored)));
    }

    [Theory]
    [InlineData(".")]
    [InlineData("...")]
    [InlineData(";name=.")]
    public void Nothing_left_is_refused_as_a_bad_name(string sent)
    {
        var (points, counters) = ParseWhole(Encoding.UTF8.GetBytes($"{sent} 1 1700000000\nafter 2 1700000000\n"));

        Assert.Equal("after", Assert.Single(points).Name);
        Assert.Equal(1, counters.Invalid);
        Assert.Equal(1, counters.InvalidByReason[(int)RejectReason.BadName] + counters.InvalidByReason[(int)RejectReason.BadTag]);
    }

    [Fact]
    public void Tagged_paths_keep_their_empty_components()
    {
        // Tagged series live outside the name tree, so their path part is kept as sent (graphite-web does the same).
        var (points, _) = ParseWhole("a..b;k=v 1 1700000000\n"u8.ToArray());

        Assert.Equal("a..b;k=v", Assert.Single(points).Name);
    }

    [Fact]
    public void Names_longer_than_storage_holds_are_refused_by_reason()
    {
        var longName = new string('n', MetricNames.MaxBytes + 1);
        var atLimit = new string('m', MetricNames.MaxBytes);

        var (points, counters) = ParseWhole(Encoding.ASCII.GetBytes($"{longName} 1 1700000000\n{atLimit} 2 1700000000\n{longName};a=b 3 1700000000\n"));

        Assert.Equal(atLimit, Assert.Single(points).Name);
        Assert.Equal(2, counters.InvalidByReason[(int)RejectReason.NameTooLong]);
    }

    /// <summary>
    /// <c>python3 -c 'import pickle; print(pickle.dumps([("dots..x",(1700000000,1)), (".lead",(1700000000,2)),
    /// ("...",(1700000000,3)), ("ok",(1700000000,4))], protocol=2).hex())'</c>
    /// </summary>
    [Fact]
    public void Pickle_names_are_repaired_the_same_way()
    {
        var payload = Bytes.FromHex("80025d7100285807000000646f74732e2e7871014a00f153654b0186710286710358050000002e6c65616471044a00f153654b0286710586710658030000002e2e2e71074a00f153654b0386710886710958020000006f6b710a4a00f153654b0486710b86710c652e");

        var (unpickled, points, counters) = Mine.Protocols.Tests.Pickle.PickleTestHarness.Parse(payload);

        Assert.True(unpickled);
        Assert.Equal(["dots.x", "lead", "ok"], points.Select(static p => p.Name));
        Assert.Equal(2, counters.NamesRepaired);
        Assert.Equal(1, counters.InvalidByReason[(int)RejectReason.BadName]);
    }

    [Theory]
    [InlineData("a.b", MetricNameProblem.None)]
    [InlineData("", MetricNameProblem.Empty)]
    [InlineData("a..b", MetricNameProblem.EmptyComponent)]
    [InlineData(".a", MetricNameProblem.EmptyComponent)]
    [InlineData("a.", MetricNameProblem.EmptyComponent)]
    [InlineData("a b", MetricNameProblem.ForbiddenByte)]
    [InlineData("a\u007fb", MetricNameProblem.ForbiddenByte)]
    [InlineData("a;b", MetricNameProblem.BadTag)]
    [InlineData("a;b=", MetricNameProblem.BadTag)]
    [InlineData("a;=b", MetricNameProblem.BadTag)]
    [InlineData(";a=b", MetricNameProblem.BadTag)]
    [InlineData("a..b;k=v", MetricNameProblem.None)]
    [InlineData("caf\u00e9.x", MetricNameProblem.None)]
    public void Storage_rule_names_the_problem(string name, MetricNameProblem expected)
    {
        Assert.Equal(expected, MetricNames.Check(Encoding.UTF8.GetBytes(name)));
    }

    [Fact]
    public void Storage_rule_refuses_invalid_Utf8_and_overlong_names()
    {
        Assert.Equal(MetricNameProblem.InvalidUtf8, MetricNames.Check([(byte)'a', 0xC3]));
        Assert.Equal(MetricNameProblem.TooLong, MetricNames.Check(new byte[MetricNames.MaxBytes + 1].AsSpan().ToArray().Select(static _ => (byte)'a').ToArray()));
    }

    [Fact]
    public void Every_accepted_name_of_random_bytes_passes_the_storage_rule()
    {
        var random = new Random(20261206);
        byte[] alphabet = [(byte)'a', (byte)'.', (byte)';', (byte)'=', (byte)'~', (byte)'b', 0xC3, 0xA9, (byte)'!', (byte)'^', (byte)'-'];
        for (var round = 0; round < 20_000; round++)
        {
            var name = new byte[random.Next(1, 12)];
            for (var i = 0; i < name.Length; i++)
            {
                name[i] = alphabet[random.Next(alphabet.Length)];
            }

            var batch = new PointBatch(4);
            GraphitePointRules.TryAdd(batch, name, 1_700_000_000, 1, Now, out _);
            for (var i = 0; i < batch.Count; i++)
            {
                var problem = MetricNames.Check(batch.Name(i));
                Assert.True(problem == MetricNameProblem.None, $"'{Encoding.UTF8.GetString(name)}' was accepted as '{Encoding.UTF8.GetString(batch.Name(i))}', which storage refuses ({problem})");
            }
        }
    }
}
