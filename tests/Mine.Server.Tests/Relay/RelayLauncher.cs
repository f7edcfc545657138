using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Mine.Server.Tests.Differential;
using Mine.Server.Tests.Process;

namespace Mine.Server.Tests.Relay;

/// <summary>
/// The real <c>mine relay</c> in its own process for the end-to-end relay tests (as MineProcess starts
/// <c>mine serve</c>): HTTP and plaintext on free loopback ports, pickle and collectd off unless asked, its own
/// metrics off (<c>MINE__SELFMETRICSINTERVALSECONDS=0</c>) so that the points it buffers are exactly the ones a test
/// sent. Killed when disposed.
/// </summary>
internal sealed class RelayLauncher : MineChildProcess
{
    private RelayLauncher(ProcessStartInfo start, int httpPort, int plaintextPort, int? picklePort)
        : base(start, httpPort, TimeSpan.FromSeconds(30))
    {
        PlaintextPort = plaintextPort;
        PicklePort = picklePort;
    }

    public int PlaintextPort { get; }

    public int? PicklePort { get; }

    /// <summary>Starts <c>mine relay ARGUMENTS</c> and waits until /health/live answers.</summary>
    /// <param name="arguments">The relay's own flags: --buffer, --forward-to or --carbon-to, TLS…</param>
    /// <param name="settings">Environment settings, e.g. <c>MINE__RELAY__CHUNKLIMITMIB</c>.</param>
    public static async Task<RelayLauncher> StartAsync(IEnumerable<string> arguments, IDictionary<string, string>? settings = null, bool pickle = false)
    {
        var http = FreePort();
        var plaintext = FreePort();
        int? picklePort = pickle ? FreePort() : null;
        var start = StartInfo(["relay", "--http", $"127.0.0.1:{http}", "--plaintext", $"127.0.0.1:{plaintext}", "--pickle", picklePort is { } p ? $"127.0.0.1:{p}" : "off", "--collectd", "off", .. arguments], SelfMetricsOff(settings));
        var relay = new RelayLauncher(start, http, plaintext, picklePort);
        await relay.WaitUntilHealthyAsync("/health/live", "mine relay did not start");
        return relay;
    }

    /// <summary>Runs <c>mine ARGUMENTS</c> to its end (a command that is expected to stop by itself).</summary>
    public static async Task<(int Code, string Output)> RunAsync(IEnumerable<string> arguments, IDictionary<string, string>? settings = null, TimeSpan? timeout = null)
    {
        var start = StartInfo(arguments, SelfMetricsOff(settings));
        using var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"mine {string.Join(' ', arguments)} did not end:\n{await stdout}{await stderr}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Runs <c>mine ARGUMENTS</c> and asserts it exits 0 (<c>mine cert …</c>).</summary>
    public static async Task<string> RunOkAsync(params string[] arguments)
    {
        var (code, output) = await RunAsync(arguments);
        Assert.True(code == 0, $"mine {string.Join(' ', arguments)}: exit code {code}\n{output}");
        return output;
    }
}

/// <summary>What the end-to-end relay tests share: waiting for a condition, sending plaintext, reading /render.</summary>
internal static class RelayE2E
{
    /// <summary>Polls <paramref name="condition"/> every 100 ms until it holds; fails with <paramref name="explain"/>.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<Task<string>> explain)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"still not so after {timeout.TotalSeconds:0} s: {await explain()}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Writes plaintext lines over one TCP connection and closes it.</summary>
    public static async Task SendLinesAsync(int port, IEnumerable<string> lines)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.Append(line).Append('\n');
        }

        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(text.ToString()));
        client.Client.Shutdown(SocketShutdown.Send);
    }

    /// <summary>Every non-null point of the series <paramref name="target"/> matches, through /render?format=json
    /// (graphite-web's or Mine's), by series name, as (timestamp, value). <paramref name="parameters"/> are added to
    /// the query (<c>&amp;noCache=1</c>).</summary>
    public static async Task<Dictionary<string, Dictionary<long, double>>> RenderAsync(HttpClient http, string target, long from, long until, string parameters = "")
    {
        var url = $"/render?target={Uri.EscapeDataString(target)}&format=json&from={from}&until={until}{parameters}";
        using var document = JsonDocument.Parse(await http.GetStringAsync(url));
        var result = new Dictionary<string, Dictionary<long, double>>(StringComparer.Ordinal);
        foreach (var series in document.RootElement.EnumerateArray())
        {
            var points = new Dictionary<long, double>();
            foreach (var point in series.GetProperty("datapoints").EnumerateArray())
            {
                if (point[0].ValueKind == JsonValueKind.Number)
                {
                    points[point[1].GetInt64()] = point[0].GetDouble();
                }
            }

            result[series.GetProperty("target").GetString()!] = points;
        }

        return result;
    }

    /// <summary>The (series, timestamp, value) that are missing or wrong in <paramref name="rendered"/>, described.</summary>
    public static List<string> Differences(IEnumerable<(string Name, long Time, double Value)> expected, Dictionary<string, Dictionary<long, double>> rendered)
    {
        var problems = new List<string>();
        foreach (var (name, time, value) in expected)
        {
            if (!rendered.TryGetValue(name, out var points) || !points.TryGetValue(time, out var got))
            {
                problems.Add($"{name}@{time} missing");
            }
            else if (got != value)
            {
                problems.Add($"{name}@{time} = {got}, expected {value}");
            }
        }

        return problems;
    }

    /// <summary>A line of the plaintext protocol.</summary>
    public static string Line(string name, double value, long time) =>
        string.Create(CultureInfo.InvariantCulture, $"{name} {value:R} {time}");

    /// <summary>Deletes a temporary folder, ignoring what a process still holding it makes fail.</summary>
    public static void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>The certificates of one installation made by running <c>mine cert</c>: a CA, serve's (for 127.0.0.1
/// and localhost) and a relay's.</summary>
internal sealed record RelayPki(string CaDirectory, string ServeCert, string ServeKey, string RelayCert, string RelayKey)
{
    public string CaCert => Path.Combine(CaDirectory, "ca.crt");

    public string CaKey => Path.Combine(CaDirectory, "ca.key");

    public static async Task<RelayPki> CreateAsync(string root)
    {
        var ca = Path.Combine(root, "ca");
        var serve = Path.Combine(root, "serve");
        var relay = Path.Combine(root, "relay");
        await RelayLauncher.RunOkAsync("cert", "ca", "--out", ca);
        await Task.WhenAll(
            RelayLauncher.RunOkAsync("cert", "node", "--ca", ca, "--name", "serve", "--ip", "127.0.0.1", "--dns", "localhost", "--out", serve),
            RelayLauncher.RunOkAsync("cert", "node", "--ca", ca, "--name", "relay", "--out", relay));
        return new RelayPki(ca, Path.Combine(serve, "serve.crt"), Path.Combine(serve, "serve.key"), Path.Combine(relay, "relay.crt"), Path.Combine(relay, "relay.key"));
    }

    /// <summary>serve's environment for <c>--forward-listen 127.0.0.1:PORT</c> with these TLS files (or none).</summary>
    public Dictionary<string, string> ServeSettings(int forwardPort, bool tls = true)
    {
        var settings = new Dictionary<string, string> { ["MINE__FORWARDLISTEN"] = $"127.0.0.1:{forwardPort}" };
        if (tls)
        {
            settings["MINE__TLSCERT"] = ServeCert;
            settings["MINE__TLSKEY"] = ServeKey;
            settings["MINE__TLSCA"] = CaCert;
        }

        return settings;
    }

    /// <summary>The relay's TLS flags: its certificate and key, and the CA file it trusts.</summary>
    public string[] RelayFlags(string? cert = null, string? key = null, string? ca = null) =>
        ["--tls-cert", cert ?? RelayCert, "--tls-key", key ?? RelayKey, "--tls-ca", ca ?? CaCert];
}
