using System.Text.Json;
using Microsoft.Playwright;

namespace Mine.Ui.Tests.Browser;

/// <summary>
/// One real <c>mine serve</c> for the browser tests, fed with the generated 1,300-host fleet over plaintext (and
/// kept fresh every 5 s) and with a real collectd daemon's host, plus Chromium driven by Playwright. Nothing
/// starts when the browser tests are skipped (no Chromium outside CI).
/// </summary>
#pragma warning disable CA1001 // xunit disposes the fixture through IAsyncLifetime.DisposeAsync
public sealed class UiFixture : IAsyncLifetime
#pragma warning restore CA1001
{
    public const string CollectdHost = "collectd-ui-01";

    private readonly CancellationTokenSource _stop = new();
    private Task? _feeder;
    private IPlaywright? _playwright;
    private CollectdAgent? _collectd;

    internal MineServe Mine { get; private set; } = null!;

    internal FleetData Fleet { get; } = new();

    public IBrowser Browser { get; private set; } = null!;

    public bool CollectdRunning => _collectd is not null;

    public string BaseUrl => Mine.BaseUrl;

    public async Task InitializeAsync()
    {
        if (!Requirements.Browser)
        {
            return;
        }

        Mine = await MineServe.StartAsync();
        await Mine.SendPlaintextAsync(Fleet.History(Now));
        _feeder = FeedAsync(_stop.Token);
        if (File.Exists(Requirements.Collectd) || Requirements.InCi)
        {
            _collectd = new CollectdAgent();
            _collectd.Start(CollectdHost, Mine.CollectdPort);
        }

        await WaitForHostsAsync(Fleet.Hosts.Count);
        _playwright = await Playwright.CreateAsync();
        if (!File.Exists(Requirements.Chromium))
        {
            throw new InvalidOperationException($"{Requirements.Chromium} is missing: .ci/run must install chromium.");
        }

        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Requirements.Chromium, Headless = true });
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_feeder is not null)
        {
            await _feeder.ContinueWith(static _ => { }, TaskScheduler.Default);
        }

        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_collectd is not null)
        {
            await _collectd.DisposeAsync();
        }

        if (Mine is not null)
        {
            await Mine.DisposeAsync();
        }

        _stop.Dispose();
    }

    /// <summary>A page in a fresh context (no cache, no stored theme), laptop-sized unless told otherwise.</summary>
    public async Task<IPage> NewPageAsync(int width = 1440, int height = 900, ColorScheme scheme = ColorScheme.Light)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, ColorScheme = scheme, BaseURL = BaseUrl });
        return await context.NewPageAsync();
    }

    public string CollectdLog => _collectd?.Log ?? "";

    /// <summary>Waits until the fleet API lists at least <paramref name="count"/> hosts.</summary>
    public async Task<int> WaitForHostsAsync(int count, int timeoutMs = 60_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (true)
        {
            using var hosts = JsonDocument.Parse(await Mine.Http.GetStringAsync("/api/fleet/hosts"));
            var seen = hosts.RootElement.GetArrayLength();
            if (seen >= count)
            {
                return seen;
            }

            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"{seen} hosts, expected {count}:\n{Mine.Output}");
            }

            await Task.Delay(100);
        }
    }

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private async Task FeedAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            await Mine.SendPlaintextAsync(Fleet.Live(Now), cancellationToken);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class UiCollection : ICollectionFixture<UiFixture>
{
    public const string Name = "browser";
}
