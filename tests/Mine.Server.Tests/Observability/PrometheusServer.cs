using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Mine.Server.Tests.Observability;

/// <summary>A real Prometheus (Debian's) on a loopback port, scraping one target every second, with its own data folder.</summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    private readonly System.Diagnostics.Process _process;
    private readonly string _folder;

    private PrometheusServer(System.Diagnostics.Process process, string folder, HttpClient http)
    {
        _process = process;
        _folder = folder;
        Http = http;
    }

    public HttpClient Http { get; }

    public static string? Executable() =>
        new[] { "/usr/bin/prometheus", "/usr/local/bin/prometheus" }.FirstOrDefault(File.Exists);

    /// <summary>Starts Prometheus scraping <paramref name="target"/> (host:port) at <paramref name="metricsPath"/> as job "mine".</summary>
    public static async Task<PrometheusServer> StartAsync(string target, string metricsPath)
    {
        var executable = Executable() ?? throw new InvalidOperationException("prometheus is missing: install Debian's 'prometheus' package (.ci/run does)");
        var folder = Directory.CreateTempSubdirectory("mine-prometheus-").FullName;
        var config = Path.Combine(folder, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: mine
                metrics_path: {metricsPath}
                static_configs:
                  - targets: ['{target}']
            """);
        var port = Process.MineChildProcess.FreePort();
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(folder, "tsdb")}", $"--web.listen-address=127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("prometheus did not start");
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new PrometheusServer(process, folder, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) });
        await IngestWaits.UntilAsync(async () =>
        {
            try
            {
                return (await server.Http.GetAsync("/-/ready")).StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return !process.HasExited ? false : throw new InvalidOperationException($"prometheus exited with {process.ExitCode}");
            }
        }, timeoutMs: 30_000);
        return server;
    }

    /// <summary>The scrape target's state as Prometheus reports it: (health, lastError).</summary>
    public async Task<(string Health, string LastError)> TargetAsync()
    {
        using var targets = JsonDocument.Parse(await Http.GetStringAsync("/api/v1/targets"));
        var active = targets.RootElement.GetProperty("data").GetProperty("activeTargets");
        if (active.GetArrayLength() == 0)
        {
            return ("none", string.Empty);
        }

        var first = active[0];
        return (first.GetProperty("health").GetString() ?? string.Empty, first.GetProperty("lastError").GetString() ?? string.Empty);
    }

    /// <summary>The values of an instant query's result, by the series' label set as JSON.</summary>
    public async Task<IReadOnlyList<(string Labels, double Value)>> QueryAsync(string promql)
    {
        using var answer = JsonDocument.Parse(await Http.GetStringAsync("/api/v1/query?query=" + Uri.EscapeDataString(promql)));
        var result = new List<(string, double)>();
        foreach (var series in answer.RootElement.GetProperty("data").GetProperty("result").EnumerateArray())
        {
            var value = series.GetProperty("value")[1].GetString()!;
            result.Add((series.GetProperty("metric").GetRawText(), double.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));
        }

        return result;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
