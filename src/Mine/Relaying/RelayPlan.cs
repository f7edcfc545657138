using System.Globalization;
using Mine.Hosting;
using Mine.Relay.Buffer;
using Mine.Relay.Carbon;
using Mine.Relay.Routing;

namespace Mine.Relaying;

/// <summary>
/// `mine relay`'s settings, checked: the destinations (the <c>--forward-to</c> ones first, then <c>--carbon-to</c>,
/// one list the route places points on), the buffer's folder and limits. A bad value is a <see cref="FormatException"/>
/// naming its flag.
/// </summary>
internal sealed record RelayPlan(IReadOnlyList<Destination> Destinations, int MineDestinations, CarbonProtocol CarbonProtocol, IPointRouter Router, int Replicas,
    string BufferDirectory, ChunkBufferOptions Buffer)
{
    public static RelayPlan From(MineOptions options)
    {
        var relay = options.Relay;
        var destinations = new List<Destination>();
        foreach (var (values, flag) in new[] { (relay.ForwardTo, "--forward-to"), (relay.CarbonTo, "--carbon-to") })
        {
            foreach (var text in values)
            {
                if (!Destination.TryParse(text, out var destination, out var problem))
                {
                    throw new FormatException($"{flag} '{text}': {problem}");
                }

                destinations.Add(destination);
            }
        }

        if (destinations.Count == 0)
        {
            throw new FormatException("give at least one destination: --forward-to HOST:PORT (a Mine's --forward-listen) or --carbon-to HOST:PORT (carbon's pickle or line port).");
        }

        var protocol = relay.CarbonProtocol.ToUpperInvariant() switch
        {
            "PICKLE" => CarbonProtocol.Pickle,
            "PLAINTEXT" => CarbonProtocol.Plaintext,
            _ => throw new FormatException($"--carbon-protocol '{relay.CarbonProtocol}' is neither pickle nor plaintext."),
        };
        var overflow = relay.Overflow.ToUpperInvariant() switch
        {
            "BLOCK" => BufferOverflow.Block,
            "DROP-OLDEST" or "DROP_OLDEST" => BufferOverflow.DropOldest,
            _ => throw new FormatException($"--overflow '{relay.Overflow}' is neither block nor drop-oldest."),
        };
        if (relay.FlushIntervalSeconds is <= 0 or > 3600)
        {
            throw new FormatException($"--flush-interval {relay.FlushIntervalSeconds} must be more than 0 and at most 3600 seconds.");
        }

        if (relay.ChunkLimitMiB is < 1 or > 64)
        {
            throw new FormatException($"Mine:Relay:ChunkLimitMiB {relay.ChunkLimitMiB} must be 1 to 64.");
        }

        var buffer = new ChunkBufferOptions
        {
            TotalLimitBytes = ParseSize("--buffer-limit", relay.BufferLimit),
            Overflow = overflow,
            FlushInterval = TimeSpan.FromSeconds(relay.FlushIntervalSeconds),
            ChunkLimitBytes = relay.ChunkLimitMiB << 20,
        };
        IPointRouter router;
        try
        {
            // Made here, so a bad route, replica count or twin destinations stop the start with one line (exit 2).
            router = RouterFactory.Create(relay.Route, destinations, relay.Replicas);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"--route {relay.Route} --replicas {relay.Replicas}: {e.Message}");
        }

        return new RelayPlan(destinations, relay.ForwardTo.Count, protocol, router, relay.Replicas, Path.GetFullPath(relay.Buffer), buffer);
    }

    /// <summary>Bytes from <c>4294967296</c>, <c>512M</c>, <c>4G</c>, <c>1T</c> (powers of 1024; a trailing B or iB is allowed).</summary>
    public static long ParseSize(string flag, string text)
    {
        var value = text.Trim();
        foreach (var suffix in new[] { "iB", "B" })
        {
            if (value.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                value = value[..^suffix.Length];
                break;
            }
        }

        var shift = value.Length == 0 ? 0 : char.ToUpperInvariant(value[^1]) switch { 'K' => 10, 'M' => 20, 'G' => 30, 'T' => 40, _ => 0 };
        if (shift > 0)
        {
            value = value[..^1];
        }

        if (!double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) || number <= 0 || number * Math.Pow(2, shift) > long.MaxValue / 2)
        {
            throw new FormatException($"{flag} '{text}' is not a size such as 512M, 4G or a number of bytes.");
        }

        return (long)(number * Math.Pow(2, shift));
    }
}
