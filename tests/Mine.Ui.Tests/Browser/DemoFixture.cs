using System.Text.Json;
using Microsoft.Playwright;

namespace Mine.Ui.Tests.Browser;

/// <summary>
/// <c>mine serve --demo</c>: 280 hosts with the known landmines (web-007, app-013, db-005 over-work; web-042,
/// cache-009 under-work), for the Landmines, Group, Host and Alerts pages. Ready once the landmine API lists all five and
/// the two stale hosts, and their stale alerts fire (the demo stops them a minute after writing the history).
/// </summary>
public sealed class DemoFixture : IAsyncLifetime
{
    public static readonly string[] OverWorking = ["db-005", "web-007", "app-013"];
    public static readonly string[] UnderWorking = ["web-042", "cache-009"];
    public static readonly string[] Stale = ["web-088", "batch-004"];

    private IPlaywright? _playwright;

    internal MineServe Mine { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!Requirements.Browser)
        {
            return;
        }

        Mine = await MineServe.StartAsync("--demo");
        var deadline = Environment.TickCount64 + 240_000;
        var expected = OverWorking.Concat(UnderWorking).Order(StringComparer.Ordinal).ToArray();
        while (true)
        {
            using var answer = JsonDocument.Parse(await Mine.Http.GetStringAsync("/api/fleet/landmines"));
            string[] Listed(string kind) => [.. answer.RootElement.GetProperty("landmines").EnumerateArray()
                .Where(l => l.GetProperty("kind").GetString() == kind).Select(l => l.GetProperty("host").GetString()!).Distinct().Order(StringComparer.Ordinal)];
            var (hosts, stale) = (Listed("level"), Listed("stale"));
            using var alerts = JsonDocument.Parse(await Mine.Http.GetStringAsync("/api/alerts"));
            string[] firingStale = [.. alerts.RootElement.GetProperty("firing").EnumerateArray()
                .Where(a => a.GetProperty("kind").GetString() == "stale").Select(a => a.GetProperty("host").GetString()!).Order(StringComparer.Ordinal)];
            if (hosts.SequenceEqual(expected) && stale.SequenceEqual(Stale.Order(StringComparer.Ordinal)) && firingStale.SequenceEqual(Stale.Order(StringComparer.Ordinal)))
            {
                break;
            }

            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"landmines {string.Join(",", hosts)}, stale {string.Join(",", stale)} and stale alerts {string.Join(",", firingStale)}, expected {string.Join(",", expected)} and {string.Join(",", Stale)}:\n{Mine.Output}");
            }

            await Task.Delay(1000);
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Requirements.Chromium, Headless = true });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (Mine is not null)
        {
            await Mine.DisposeAsync();
        }
    }

    public async Task<IPage> NewPageAsync(int width = 1440, int height = 900, ColorScheme scheme = ColorScheme.Light, string? timeZone = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, ColorScheme = scheme, BaseURL = Mine.BaseUrl, TimezoneId = timeZone });
        return await context.NewPageAsync();
    }

    public static async Task SaveScreenshotAsync(IPage page, string name, bool fullPage = false)
    {
        var bytes = await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = fullPage });
        await File.WriteAllBytesAsync(Path.Combine(RepoPaths.Artifacts, name), bytes);
        await File.WriteAllBytesAsync(Path.Combine(RepoPaths.Screenshots, name), bytes);
    }
}
