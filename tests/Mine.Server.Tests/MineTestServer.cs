using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Mine.Hosting;
using Mine.Listeners;

namespace Mine.Server.Tests;

/// <summary>An in-process Mine on ephemeral loopback ports with a temporary data folder.</summary>
internal sealed class MineTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MineTestServer(WebApplication app, string dataDirectory, string? adminToken)
    {
        _app = app;
        DataDirectory = dataDirectory;
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(30) };
        var access = app.Services.GetRequiredService<Access.HttpAccess>();
        AdminToken = adminToken ?? File.ReadAllText(access.AdminTokenFile!).Trim();
        Admin = new HttpClient { BaseAddress = Http.BaseAddress, Timeout = Http.Timeout };
        Admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminToken);
        PlaintextTcp = app.Services.GetRequiredService<PlaintextTcpListener>().BoundEndPoint!;
        PlaintextUdp = app.Services.GetRequiredService<PlaintextUdpListener>().BoundEndPoint!;
        Pickle = app.Services.GetRequiredService<PickleTcpListener>().BoundEndPoint!;
        Collectd = app.Services.GetService<CollectdUdpListener>()?.BoundEndPoint;
    }

    public string DataDirectory { get; }

    /// <summary>A client without credentials: what anyone may do.</summary>
    public HttpClient Http { get; }

    /// <summary>The admin token in force (Mine:AdminToken, or the one the server made in its data folder).</summary>
    public string AdminToken { get; }

    /// <summary>A client sending the admin token, for the requests that change state.</summary>
    public HttpClient Admin { get; }

    public IPEndPoint PlaintextTcp { get; }

    public IPEndPoint PlaintextUdp { get; }

    public IPEndPoint Pickle { get; }

    public IPEndPoint? Collectd { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<MineTestServer> StartAsync(string? dataDirectory = null, IDictionary<string, string?>? settings = null)
    {
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "mine-server-" + Guid.NewGuid().ToString("N"));
        var overrides = new Dictionary<string, string?>
        {
            ["Mine:Data"] = dataDirectory,
            ["Mine:Http"] = "127.0.0.1:0",
            ["Mine:Plaintext"] = "127.0.0.1:0",
            ["Mine:Pickle"] = "127.0.0.1:0",
            ["Mine:Collectd"] = "127.0.0.1:0",
            ["Mine:SelfMetricsIntervalSeconds"] = "0",
            ["Mine:WalSync"] = "none",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            overrides[key] = value;
        }

        var app = MineServer.Build(overrides);
        await app.StartAsync();
        return new MineTestServer(app, dataDirectory, overrides.GetValueOrDefault("Mine:AdminToken"));
    }

    /// <summary>Sends text over a new TCP connection to the plaintext port and closes it.</summary>
    public async Task SendPlaintextAsync(string text)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(PlaintextTcp);
        await client.GetStream().WriteAsync(Encoding.UTF8.GetBytes(text));
    }

    public async Task<double> MetricAsync(string sampleName)
    {
        var text = await Http.GetStringAsync("/_internal/metrics");
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(sampleName + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(sampleName.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"metric {sampleName} not found in:\n{text}");
    }

    /// <summary>Waits until a metric reaches a value (ingest is asynchronous).</summary>
    public async Task WaitForMetricAsync(string sampleName, double atLeast, int timeoutMs = 15000, bool below = false)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        double value;
        while (below ? (value = await MetricAsync(sampleName)) > atLeast : (value = await MetricAsync(sampleName)) < atLeast)
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"{sampleName} stayed at {value}, expected {(below ? "at most" : "at least")} {atLeast}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Leave the data folder when disposed (a test that starts another server on it deletes it itself).</summary>
    public bool KeepData { get; set; }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Admin.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (KeepData)
        {
            return;
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
