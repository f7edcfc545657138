using System.Globalization;
using System.Text;

namespace Mine.Ui.Tests.Browser;

/// <summary>
/// A generated fleet of 1,300 hosts for the browser tests, sent as Graphite plaintext the way write_graphite names
/// collectd values (<c>web-001.load.load.shortterm</c>): an hour of load at one point a minute, then a fresh point
/// every few seconds. One host in 50 stopped sending half an hour ago (stale).
/// </summary>
internal sealed class FleetData
{
    public static readonly (string Group, int Count)[] Groups = [("web", 500), ("app", 300), ("cache", 200), ("batch", 150), ("db", 100), ("lb", 50)];

    public FleetData()
    {
        var hosts = new List<(string, string, bool)>();
        foreach (var (group, count) in Groups)
        {
            for (var i = 1; i <= count; i++)
            {
                hosts.Add(($"{group}-{i:000}", group, hosts.Count % 50 == 7));
            }
        }

        Hosts = hosts;
    }

    public IReadOnlyList<(string Name, string Group, bool Stale)> Hosts { get; }

    public int StaleCount => Hosts.Count(static h => h.Stale);

    /// <summary>The last hour (stale hosts: until half an hour ago).</summary>
    public string History(long now)
    {
        var text = new StringBuilder(16 << 20);
        for (var h = 0; h < Hosts.Count; h++)
        {
            var (name, _, stale) = Hosts[h];
            var end = stale ? now - 1800 : now;
            for (var t = now - 3600; t <= end; t += 60)
            {
                var load = 1 + (0.5 * Math.Sin((t / 600.0) + h)) + (h % 7 * 0.1);
                Line(text, name, "load.load.shortterm", load * 1.05, t);
                Line(text, name, "load.load.midterm", load, t);
                Line(text, name, "load.load.longterm", load * 0.97, t);
            }
        }

        return text.ToString();
    }

    /// <summary>One fresh point for every live host.</summary>
    public string Live(long now)
    {
        var text = new StringBuilder(64 * Hosts.Count);
        foreach (var (name, _, stale) in Hosts)
        {
            if (!stale)
            {
                Line(text, name, "load.load.shortterm", 1.2, now);
            }
        }

        return text.ToString();
    }

    private static void Line(StringBuilder text, string host, string series, double value, long time) =>
        text.Append(host).Append('.').Append(series).Append(' ').Append(value.ToString("0.###", CultureInfo.InvariantCulture)).Append(' ').Append(time).Append('\n');
}
