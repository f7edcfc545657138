using System.Net;
using System.Net.Sockets;

namespace Mine.Server.Tests.Process;

/// <summary>The real <c>mine serve</c> executable in its own process, on free loopback ports.</summary>
internal sealed class MineProcess : MineChildProcess
{
    private MineProcess(System.Diagnostics.ProcessStartInfo start, int httpPort, int plaintextPort, int? picklePort)
        : base(start, httpPort, TimeSpan.FromSeconds(60))
    {
        PlaintextPort = plaintextPort;
        PicklePort = picklePort;
    }

    public int PlaintextPort { get; }

    public int? PicklePort { get; }

    protected override TimeSpan MetricPollInterval => TimeSpan.FromMilliseconds(50);

    /// <summary>Resident set size of the server process now (VmRSS), in bytes.</summary>
    public long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{ProcessId}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line[6..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException("no VmRSS");
    }

    /// <param name="dataDirectory">Data folder.</param>
    /// <param name="httpPort">HTTP port (a free one if null).</param>
    /// <param name="plaintextPort">Plaintext port (a free one if null).</param>
    /// <param name="pickle">Whether to open the pickle listener (on a free port).</param>
    /// <param name="openFilesLimit">Runs the server under <c>ulimit -n</c> this low (through bash).</param>
    /// <param name="settings">Environment settings, e.g. <c>MINE__MAXCONNECTIONS</c>.</param>
    /// <param name="arguments">More flags for <c>serve</c> (a README's command line).</param>
    public static async Task<MineProcess> StartAsync(string dataDirectory, int? httpPort = null, int? plaintextPort = null, bool pickle = false, int? openFilesLimit = null,
        IDictionary<string, string>? settings = null, IEnumerable<string>? arguments = null)
    {
        var http = httpPort ?? FreePort();
        var plaintext = plaintextPort ?? FreePort();
        int? picklePort = pickle ? FreePort() : null;
        var start = StartInfo(
            ["serve", .. arguments ?? [], "--data", dataDirectory, "--http", $"127.0.0.1:{http}", "--plaintext", $"127.0.0.1:{plaintext}", "--pickle", picklePort is { } p ? $"127.0.0.1:{p}" : "off", "--collectd", "off"],
            settings, openFilesLimit);
        var mine = new MineProcess(start, http, plaintext, picklePort);
        await mine.WaitUntilHealthyAsync("/health", "mine did not become healthy");
        var token = settings is not null && settings.TryGetValue("MINE__ADMINTOKEN", out var configured) ? configured : (await File.ReadAllTextAsync(Path.Combine(dataDirectory, "admin-token"))).Trim();
        mine.Admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return mine;
    }

    /// <summary>Sends <paramref name="data"/> over one TCP connection to a loopback port and closes it.</summary>
    public static async Task SendAsync(int port, byte[] data)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        await client.GetStream().WriteAsync(data);
    }
}
