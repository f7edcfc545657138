using Mine.Relay.Security;

namespace Mine.Relay.Tests.Security;

public sealed class TlsRefusalsTests
{
    [Fact]
    public void A_refusal_is_counted_by_reason_and_logged_as_one_line_with_the_peer_and_the_reason()
    {
        var log = new List<string>();
        var refusals = new TlsRefusals(log.Add);

        refusals.Record(TlsRefusalReason.Expired, "10.1.2.3:40000", "certificate CN=relay-dc1 valid to 2024-01-01");

        Assert.Equal(1, refusals.Count(TlsRefusalReason.Expired));
        Assert.Equal(0, refusals.Count(TlsRefusalReason.UnknownCa));
        Assert.Equal("tls: refused 10.1.2.3:40000: expired (certificate CN=relay-dc1 valid to 2024-01-01)", Assert.Single(log));
    }

    [Fact]
    public void Refusals_within_the_interval_are_counted_but_not_logged_and_the_next_line_says_how_many()
    {
        var log = new List<string>();
        var refusals = new TlsRefusals(log.Add, TimeSpan.FromHours(1));

        for (var i = 0; i < 1000; i++)
        {
            refusals.Record(TlsRefusalReason.NotTls, $"10.0.0.{i % 250}:2004", "plaintext");
        }

        Assert.Equal(1000, refusals.Count(TlsRefusalReason.NotTls));
        Assert.Equal(1000, refusals.Total);
        Assert.Single(log);

        var noInterval = new TlsRefusals(log.Add, TimeSpan.Zero);
        noInterval.Record(TlsRefusalReason.NotTls, "a", "x");
        noInterval.Record(TlsRefusalReason.NotTls, "b", "y");
        Assert.Equal(3, log.Count);
    }

    [Fact]
    public void Every_reason_has_its_own_metric_name()
    {
        var names = TlsRefusals.Reasons.Select(TlsRefusals.MetricName).ToList();

        Assert.Equal(Enum.GetValues<TlsRefusalReason>().Length, names.Distinct().Count());
        Assert.All(names, static n => Assert.Matches("^[a-z_]+$", n));
    }
}
