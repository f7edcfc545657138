using System.Globalization;
using System.Text;

namespace Mine.Server.Tests.ClickHouse;

/// <summary>
/// The data of the embedded-vs-ClickHouse differential test, as plaintext lines: the names and shapes of the
/// graphite-web differential data set (Differential/make_dataset.py), so that every line of its corpus.txt applies,
/// on a fleet of a few dozen hosts, with points of three ages:
/// <list type="bullet">
/// <item>the last <see cref="Hours"/> hours before <see cref="End"/> at 60 s (slow.* at 120 s), as make_dataset.py
/// writes them, and fast.probe.latency at 15 s, four points a slot of which both stores keep the last;</item>
/// <item>history.web.* at 10 minutes over the <see cref="HistoryDays"/> days before it: a few days old, still in the
/// default rules' fine archive (1m:14d);</item>
/// <item>old.* and a few fleet series over one day ending <see cref="OldDaysAgo"/> days before it, at 60 s: older
/// than the fine archive, so both stores write them to the coarse one (5m:1y), five points a slot, the last
/// winning.</item>
/// </list>
/// Values depend on the name and the point's index only (seeded generators), never on the clock.
/// </summary>
internal sealed class FleetDataSet
{
    public const int Hours = 6;
    public const int HistoryDays = 9;
    public const int OldDaysAgo = 20;

    /// <summary>Hosts 01-05 are in dc1 and 06-10 in dc2, as in make_dataset.py; the rest of the fleet in dc3.</summary>
    public const int HostCount = 36;

    private readonly StringBuilder _lines = new();

    public FleetDataSet(long end)
    {
        if (end % 3600 != 0)
        {
            throw new ArgumentException("the data set ends at a whole hour", nameof(end));
        }

        End = end;
        var n = Hours * 60;
        foreach (var (name, values) in HostSeries(n).Concat(SpecialSeries(n)).Concat(TaggedSeries(n)))
        {
            Add(name, Start, 60, values, name == "special.odd-name_1" ? 17 : 0);
        }

        var slowRandom = Seeded("slow");
        Add("slow.a.value", Start, 120, Enumerable.Range(0, Hours * 30).Select(i => (double?)Math.Round(50 + (30 * Math.Cos(i / 10.0)), 3)).ToList());
        Add("slow.b.value", Start, 120, Enumerable.Range(0, Hours * 30).Select(i => i % 9 == 4 ? null : (double?)(i % 20)).ToList());
        Add("slow.a.counter", Start, 120, Counter(slowRandom, Hours * 30, 1000, 10, 100));

        var fast = Seeded("fast");
        Add("fast.probe.latency", Start, 15, Enumerable.Range(0, Hours * 240).Select(_ => (double?)Math.Round(Uniform(fast, 1, 100), 1)).ToList());

        var historyPoints = HistoryDays * 144;
        var history = Seeded("history");
        var historyStart = End - (HistoryDays * 86_400L);
        Add("history.web.requests", historyStart, 600, Enumerable.Range(0, historyPoints)
            .Select(i => (double?)Math.Round(1000 + (600 * Math.Sin(2 * Math.PI * i / 144)) + (i / 144 % 7 == 5 ? 300 : 0) + Uniform(history, -80, 80), 1)).ToList());
        Add("history.web.errors", historyStart, 600, Enumerable.Range(0, historyPoints)
            .Select(i => i % 37 < 3 ? null : (double?)Math.Round(Math.Max(0, 5 + (4 * Math.Sin(2 * Math.PI * i / 144)) + Uniform(history, -3, 3)), 2)).ToList());

        foreach (var (name, values) in OldSeries(1440))
        {
            Add(name, OldStart, 60, values);
        }
    }

    /// <summary>A whole hour; the last recent point is at End - 60.</summary>
    public long End { get; }

    /// <summary>The first recent point.</summary>
    public long Start => End - (Hours * 3600L);

    /// <summary>The first point of the old day.</summary>
    public long OldStart => End - (OldDaysAgo * 86_400L) - 86_400L;

    public int Points { get; private set; }

    public string Plaintext => _lines.ToString();

    /// <summary>The tagged series' names, in the order they are sent (tag ids follow it).</summary>
    public List<string> Tagged { get; } = [];

    public static string DataCenter(int host) => host <= 5 ? "dc1" : host <= 10 ? "dc2" : "dc3";

    private void Add(string name, long start, int step, IReadOnlyList<double?> values, int offset = 0)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is { } value)
            {
                _lines.Append(name).Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append(' ')
                    .Append((start + (i * (long)step) + offset).ToString(CultureInfo.InvariantCulture)).Append('\n');
                Points++;
            }
        }

        if (name.Contains(';', StringComparison.Ordinal) && !Tagged.Contains(name))
        {
            Tagged.Add(name);
        }
    }

    private static IEnumerable<(string Name, List<double?> Values)> HostSeries(int n)
    {
        for (var host = 1; host <= HostCount; host++)
        {
            var prefix = $"servers.{DataCenter(host)}.host{host:00}.";
            for (var core = 0; core < 4; core++)
            {
                var random = Seeded(prefix + "cpu." + core);
                var user = Walk(random, n, 0, 60);
                var system = Walk(random, n, 0, 15);
                yield return (prefix + $"cpu.{core}.user", user.Select(v => (double?)Math.Round(v, 2)).ToList());
                yield return (prefix + $"cpu.{core}.system", system.Select(v => (double?)Math.Round(v, 2)).ToList());
                yield return (prefix + $"cpu.{core}.idle", user.Zip(system, (u, s) => (double?)Math.Round(100 - Math.Round(u, 2) - Math.Round(s, 2), 2)).ToList());
            }

            var load = Seeded(prefix + "load");
            var shortTerm = Walk(load, n, 0, 4 + (host / 5.0));
            yield return (prefix + "load.load.shortterm", shortTerm.Select(v => (double?)Math.Round(v, 3)).ToList());
            yield return (prefix + "load.load.midterm", Trailing(shortTerm, 5).Select(v => (double?)Math.Round(v, 3)).ToList());
            yield return (prefix + "load.load.longterm", Trailing(shortTerm, 15).Select(v => (double?)Math.Round(v, 3)).ToList());
            foreach (var device in new[] { "eth0", "eth1" })
            {
                foreach (var direction in new[] { "rx", "tx" })
                {
                    var name = prefix + $"interface.{device}.{direction}";
                    var random = Seeded(name);
                    var values = Counter(random, n, random.Next(1_000_000, 1_000_000_000), 1000, 500_000);
                    if (name == "servers.dc1.host03.interface.eth0.rx")
                    {
                        // a 32-bit counter that wraps a third of the way in
                        var at = values[n / 3]!.Value;
                        values = values.Select(v => (double?)((v!.Value - at + 4_294_967_296) % 4_294_967_296)).ToList();
                    }

                    if (name == "servers.dc2.host07.interface.eth0.tx")
                    {
                        // the host restarted: the counter starts again from zero
                        var at = values[200]!.Value;
                        values = values.Select((v, i) => i < 200 ? v : v - at).ToList();
                    }

                    yield return (name, values);
                }
            }

            foreach (var op in new[] { "read", "write" })
            {
                var random = Seeded(prefix + "disk." + op);
                yield return (prefix + $"disk.sda.{op}", Enumerable.Range(0, n).Select(_ => (double?)random.Next(0, 501)).ToList());
            }

            var memory = Seeded(prefix + "memory");
            var used = Walk(memory, n, 2e9, 12e9, 5e7);
            var cached = Walk(memory, n, 1e9, 3e9, 2e7);
            yield return (prefix + "memory.memory.used", used.Select(v => (double?)Math.Truncate(v)).ToList());
            yield return (prefix + "memory.memory.cached", cached.Select((v, i) => host == 5 && i is >= 100 and < 130 ? null : (double?)Math.Truncate(v)).ToList());
            yield return (prefix + "memory.memory.free", used.Zip(cached, (u, c) => (double?)Math.Truncate(16e9 - u - c)).ToList());
        }
    }

    private static IEnumerable<(string Name, List<double?> Values)> SpecialSeries(int n)
    {
        var random = Seeded("special");
        var range = Enumerable.Range(0, n);
        yield return ("special.gaps", range.Select(i => i % 7 == 3 || i is >= 200 and < 240 ? null : (double?)Math.Round(50 + (40 * Math.Sin(i / 20.0)), 4)).ToList());
        yield return ("special.negative", range.Select(i => (double?)Math.Round((30 * Math.Sin(i / 15.0)) + Uniform(random, -10, 10), 3)).ToList());
        yield return ("special.zeros", range.Select(_ => (double?)0).ToList());
        yield return ("special.allnull", range.Select(i => i < 60 ? (double?)i : null).ToList());
        yield return ("special.ramp", range.Select(i => (double?)i).ToList());
        yield return ("special.constant", range.Select(_ => (double?)42.5).ToList());
        yield return ("special.step", range.Select(i => (double?)(i / 30 * 10)).ToList());
        yield return ("special.binary", range.Select(i => (double?)(i / 11 % 2)).ToList());
        yield return ("special.sparse", range.Select(i => i % 10 == 0 ? (double?)Math.Round(Uniform(random, 0, 100), 2) : null).ToList());
        yield return ("special.tiny", range.Select(_ => (double?)Math.Round(Uniform(random, -1, 1) * 1e-9, 15)).ToList());
        yield return ("special.huge", range.Select(_ => (double?)Math.Round(Uniform(random, 1e15, 1e16))).ToList());
        yield return ("special.mixed", range.Select(i => i % 13 == 0 ? null : i % 5 == 0 ? 0 : (double?)Math.Round(Uniform(random, -100, 100), 2)).ToList());
        yield return ("special.odd-name_1", range.Select(_ => (double?)Math.Round(Uniform(random, 0, 10), 1)).ToList());
    }

    private static IEnumerable<(string Name, List<double?> Values)> TaggedSeries(int n)
    {
        foreach (var host in new[] { 1, 2, 6, 7 })
        {
            foreach (var status in new[] { "200", "500" })
            {
                var name = $"app.requests;dc={DataCenter(host)};host=host{host:00};status={status}";
                var random = Seeded(name);
                yield return (name, Enumerable.Range(0, n).Select(_ => (double?)random.Next(0, status == "200" ? 1001 : 21)).ToList());
            }

            var latency = $"app.latency;dc={DataCenter(host)};host=host{host:00}";
            var latencyRandom = Seeded(latency);
            yield return (latency, Enumerable.Range(0, n).Select(i => i % 17 == 0 ? null : (double?)Math.Round(Uniform(latencyRandom, 1, 250), 1)).ToList());
        }

        yield return ("disk.used;host=host01;mount=root", Walk(Seeded("disk.used"), n, 10, 90).Select(v => (double?)v).ToList());
    }

    /// <summary>A day of points twenty days old: a counter, a series with gaps, a tagged series, and the load of the
    /// first ten hosts, so that globs mix recent and old points.</summary>
    private static IEnumerable<(string Name, List<double?> Values)> OldSeries(int n)
    {
        var random = Seeded("old");
        yield return ("old.web.hits", Counter(random, n, 0, 0, 50));
        yield return ("old.web.latency", Enumerable.Range(0, n).Select(i => i % 11 < 3 ? null : (double?)Math.Round(Uniform(random, 1, 500), 1)).ToList());
        yield return ("old.app.requests;dc=dc1;host=host01", Enumerable.Range(0, n).Select(_ => (double?)random.Next(0, 100)).ToList());
        for (var host = 1; host <= 10; host++)
        {
            var name = $"servers.{DataCenter(host)}.host{host:00}.load.load.shortterm";
            yield return (name, Walk(Seeded("old." + name), n, 0, 4).Select(v => (double?)Math.Round(v, 3)).ToList());
        }
    }

    /// <summary>A bounded random walk: smooth enough for moving averages, varied enough to rank hosts differently.</summary>
    private static List<double> Walk(Random random, int n, double low, double high, double? jitter = null)
    {
        var step = jitter ?? ((high - low) / 20);
        var value = Uniform(random, low, high);
        var values = new List<double>(n);
        for (var i = 0; i < n; i++)
        {
            value = Math.Min(high, Math.Max(low, value + Uniform(random, -step, step)));
            values.Add(value);
        }

        return values;
    }

    private static List<double?> Counter(Random random, int n, long first, int lowRate, int highRate)
    {
        var values = new List<double?>(n);
        var value = first;
        for (var i = 0; i < n; i++)
        {
            values.Add(value);
            value += random.Next(lowRate, highRate + 1);
        }

        return values;
    }

    private static List<double> Trailing(List<double> values, int window) =>
        values.Select((_, i) => values.Skip(Math.Max(0, i - window + 1)).Take(Math.Min(window, i + 1)).Average()).ToList();

    private static double Uniform(Random random, double low, double high) => low + (random.NextDouble() * (high - low));

    /// <summary>A generator seeded by the name (FNV-1a), the same on every run and machine.</summary>
    private static Random Seeded(string name)
    {
        var hash = 2166136261u;
        foreach (var c in name)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return new Random((int)(hash & 0x7FFFFFFF));
    }
}
