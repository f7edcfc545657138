using System.Diagnostics;
using System.Globalization;

namespace Mine.Server.Tests.Process;

/// <summary>
/// The real <c>mine relay</c> executable in its own process, on loopback ports, as <see cref="MineProcess"/> runs
/// <c>mine serve</c>: started on a buffer folder, stopped, killed with SIGKILL, started again on the same folder and
/// ports (<see cref="Options"/> keeps them). Self-metrics are off, so every point a destination receives is one a
/// test sent.
/// </summary>
internal sealed class RelayProcess : MineChildProcess
{
    private RelayProcess(ProcessStartInfo start, RelayOptions options)
        : base(start, options.HttpPort, TimeSpan.FromSeconds(60))
    {
        Options = options;
    }

    /// <summary>What the relay was started with, ports included: <c>StartAsync(relay.Options)</c> restarts it as it was.</summary>
    public RelayOptions Options { get; }

    public int PlaintextPort => Options.PlaintextPort ?? throw new InvalidOperationException("the relay has no plaintext listener");

    /// <summary>Options for a relay on <paramref name="buffer"/> forwarding to <paramref name="forwardTo"/>, with free
    /// ports for HTTP and plaintext (and for a forward listener, when <paramref name="forwardListen"/>).</summary>
    public static RelayOptions Plan(string buffer, IReadOnlyList<string> forwardTo, bool plaintext = true, bool forwardListen = false) =>
        new(buffer, forwardTo, FreePort(), plaintext ? FreePort() : null, forwardListen ? FreePort() : null);

    public static async Task<RelayProcess> StartAsync(RelayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var args = new List<string>
        {
            "relay", "--buffer", options.Buffer, "--http", $"127.0.0.1:{options.HttpPort}",
            "--plaintext", options.PlaintextPort is { } plaintext ? $"127.0.0.1:{plaintext}" : "off", "--pickle", "off", "--collectd", "off",
            "--forward-listen", options.ForwardListenPort is { } listen ? $"127.0.0.1:{listen}" : "off",
        };
        foreach (var destination in options.ForwardTo)
        {
            args.Add("--forward-to");
            args.Add(destination);
        }

        var relay = new RelayProcess(StartInfo(args, SelfMetricsOff(options.Settings)), options);

        // /health/live: the listeners are up and no loop is dead (/health also reports an unreachable
        // destination, which is what several tests start with).
        await relay.WaitUntilHealthyAsync("/health/live", "mine relay did not start");
        return relay;
    }

    /// <summary>A <c>mine serve</c> that accepts relays on <paramref name="forwardListenPort"/>, self-metrics off (so
    /// mine_points_ingested_total counts only forwarded points).</summary>
    public static Task<MineProcess> StartCentreAsync(string data, int forwardListenPort, int? httpPort = null, int? plaintextPort = null) =>
        MineProcess.StartAsync(data, httpPort, plaintextPort, settings: new Dictionary<string, string>
        {
            ["MINE__FORWARDLISTEN"] = $"127.0.0.1:{forwardListenPort}",
            ["MINE__SELFMETRICSINTERVALSECONDS"] = "0",
        });

    /// <summary>The sum of every sample of a metric family (one per destination, say), or 0 when it has none.</summary>
    public override async Task<double> MetricAsync(string name) => Sum(await Http.GetStringAsync("/_internal/metrics"), name);

    /// <summary>The sum of every sample of <paramref name="family"/> in a Prometheus text page.</summary>
    public static double Sum(string page, string family)
    {
        ArgumentNullException.ThrowIfNull(page);
        double sum = 0;
        foreach (var line in page.Split('\n'))
        {
            if (line.StartsWith(family, StringComparison.Ordinal) && line.Length > family.Length && line[family.Length] is ' ' or '{')
            {
                sum += double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return sum;
    }
}

/// <summary>How a <see cref="RelayProcess"/> is started: its buffer folder, destinations and loopback ports.</summary>
/// <param name="Buffer">The --buffer folder.</param>
/// <param name="ForwardTo">The --forward-to destinations, HOST:PORT.</param>
/// <param name="HttpPort">The --http port.</param>
/// <param name="PlaintextPort">The --plaintext port (TCP and UDP), or null for off.</param>
/// <param name="ForwardListenPort">The --forward-listen port (a relay other relays forward to), or null for off.</param>
/// <param name="Settings">Environment settings, e.g. <c>MINE__RELAY__FLUSHINTERVALSECONDS</c>.</param>
internal sealed record RelayOptions(string Buffer, IReadOnlyList<string> ForwardTo, int HttpPort, int? PlaintextPort, int? ForwardListenPort,
    IReadOnlyDictionary<string, string>? Settings = null);
