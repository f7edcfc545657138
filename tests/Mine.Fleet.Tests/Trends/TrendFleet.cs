using Mine.Fleet.Tests.Generated;

namespace Mine.Fleet.Tests.Trends;

/// <summary>
/// A generated fleet with known trends, as collectd's df and memory plugins name their series: hosts in groups, each
/// with its own disk sizes and levels, noise, a daily memory cycle shared by the whole fleet, and planted cases (one
/// of each per 100 hosts): disks filling within 6 to 18 h, disks full in about a week, memory leaking steadily, one
/// big spike on memory and disk, memory high but flat. One point a minute for the last seven hours.
/// </summary>
internal sealed class TrendFleet
{
    public const long Now = 1_780_000_000;
    public const long Step = 60;
    public const long Span = 7 * 3600;

    public InMemorySeriesSource Source { get; } = new();

    public List<HostRecord> Hosts { get; } = [];

    /// <summary>Host → hours until its var disk is full (filling and slow disks).</summary>
    public Dictionary<string, double> FullInHours { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Filling { get; } = new(StringComparer.Ordinal);

    public HashSet<string> SlowFilling { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Leaking { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Spiking { get; } = new(StringComparer.Ordinal);

    public HashSet<string> HighFlat { get; } = new(StringComparer.Ordinal);

    public static TrendFleet Generate(int seed, int hosts)
    {
        var fleet = new TrendFleet();
        var random = new Random(seed);
        string[] groups = ["web", "db", "app", "cache"];
        for (var i = 0; i < hosts; i++)
        {
            var group = groups[i % groups.Length];
            var name = $"{group}-{i:0000}";
            fleet.Hosts.Add(new HostRecord(name, group, name, HostSource.Collectd, Now - Span));
            var role = ((i / groups.Length) % 25) switch { 3 => "filling", 7 => "slow", 11 => "leak", 15 => "spike", 19 => "high", _ => "" };
            fleet.AddHost(random, name, role);
        }

        return fleet;
    }

    private void AddHost(Random random, string name, string role)
    {
        var points = (int)(Span / Step);
        var start = Now - Span + Step;
        double Noise(double scale) => scale * (random.NextDouble() + random.NextDouble() + random.NextDouble() - 1.5);

        // Disks: root small and quiet, var of any size at any level, drifting a little either way.
        foreach (var mount in new[] { "root", "var" })
        {
            var size = mount == "root" ? 20e9 + (random.NextDouble() * 80e9) : Math.Pow(10, 10.5 + (random.NextDouble() * 2));
            var reserved = size * 0.05;
            var used = size * (0.2 + (random.NextDouble() * 0.6));
            var ratePerHour = (random.NextDouble() - 0.5) * size * 0.0004; // full in months, or emptying
            if (mount == "var" && role is "filling" or "slow")
            {
                var hours = role == "filling" ? 6 + (random.NextDouble() * 12) : 150 + (random.NextDouble() * 40);
                ratePerHour = (size - reserved - used) / hours;
                FullInHours[name] = hours;
                (role == "filling" ? Filling : SlowFilling).Add(name);
            }

            var usedSeries = new double[points];
            var freeSeries = new double[points];
            for (var p = 0; p < points; p++)
            {
                var hoursBefore = (Now - (start + (p * Step))) / 3600.0;
                usedSeries[p] = Math.Min(size - reserved, used - (ratePerHour * hoursBefore) + Noise(size * 0.0002));
                if (role == "spike" && mount == "var" && p > points - 40 && p <= points - 35)
                {
                    usedSeries[p] = Math.Min(size - reserved, usedSeries[p] + (size * 0.3));
                }

                freeSeries[p] = size - reserved - usedSeries[p];
            }

            Source.Add($"{name}.df-{mount}.df_complex-used", start, Step, usedSeries);
            Source.Add($"{name}.df-{mount}.df_complex-free", start, Step, freeSeries);
            Source.Add($"{name}.df-{mount}.df_complex-reserved", start, Step, [.. Enumerable.Repeat(reserved, points)]);
        }

        // Memory: used at its own level with the fleet's daily cycle; cached and buffered take a share; free the rest.
        var total = new[] { 8e9, 16e9, 32e9, 64e9 }[random.Next(4)];
        var level = role == "high" ? 0.93 : 0.25 + (random.NextDouble() * 0.45);
        var leakPerHour = 0.0;
        if (role == "leak")
        {
            level = 0.3 + (random.NextDouble() * 0.2);
            leakPerHour = total * level * (0.03 + (random.NextDouble() * 0.05)); // 3 to 8 % of its level an hour
            Leaking.Add(name);
        }
        else if (role == "high")
        {
            HighFlat.Add(name);
        }
        else if (role == "spike")
        {
            Spiking.Add(name);
        }

        var (usedMemory, cached, buffered, free) = (new double[points], new double[points], new double[points], new double[points]);
        for (var p = 0; p < points; p++)
        {
            var time = start + (p * Step);
            var cycle = Math.Sin(2 * Math.PI * time / 86400.0) * 0.04;
            var u = total * (level + (level < 0.9 ? cycle : 0)) - (leakPerHour * (Now - time) / 3600.0) + Noise(total * 0.01);
            if (role == "spike" && p > points - 40 && p <= points - 35)
            {
                u += total * 0.3;
            }

            u = Math.Clamp(u, total * 0.05, total * 0.97);
            buffered[p] = total * 0.02;
            cached[p] = Math.Max(0, (total - u) * 0.4);
            usedMemory[p] = u;
            free[p] = total - u - cached[p] - buffered[p];
        }

        Source.Add($"{name}.memory.memory-used", start, Step, usedMemory);
        Source.Add($"{name}.memory.memory-cached", start, Step, cached);
        Source.Add($"{name}.memory.memory-buffered", start, Step, buffered);
        Source.Add($"{name}.memory.memory-free", start, Step, free);
    }
}
