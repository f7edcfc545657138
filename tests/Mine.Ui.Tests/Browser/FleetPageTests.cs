using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Mine.Ui.Tests.Browser;

/// <summary>The Fleet page in Chromium against a real <c>mine serve</c> fed by plaintext and by the real collectd.</summary>
[Collection(UiCollection.Name)]
public sealed class FleetPageTests(UiFixture ui)
{
    private const string VisibleTiles = "li:not([hidden]) > a.tile";

    private static async Task<IPage> OpenFleetAsync(UiFixture ui, string path = "/", ColorScheme scheme = ColorScheme.Light)
    {
        var page = await ui.NewPageAsync(scheme: scheme);
        await page.GotoAsync(path);
        await page.WaitForSelectorAsync("main[data-ready='fleet']");
        return page;
    }

    [BrowserFact]
    public async Task Every_host_that_sent_data_is_a_tile_without_registration_grouped_with_counts()
    {
        var page = await OpenFleetAsync(ui);
        var tiles = await page.Locator("a.tile").CountAsync();
        Assert.InRange(tiles, ui.Fleet.Hosts.Count, ui.Fleet.Hosts.Count + 1); // + the collectd host once it has reported
        foreach (var (group, count) in FleetData.Groups)
        {
            var section = page.Locator($"section.group[data-group='{group}']");
            Assert.Equal(count, await section.Locator("a.tile").CountAsync());
            Assert.Contains($"{count} hosts", await section.Locator("h2").InnerTextAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(ui.Fleet.StaleCount, await page.Locator("a.tile[data-state='stale']").CountAsync());
        Assert.Equal("/host/web-001", await page.Locator("a.tile[data-name='web-001']").GetAttributeAsync("href"));
        Assert.Matches(@"^web-001: ok(, score -?\d+(\.\d+)?)?, last seen (just now|\d+ s ago)$", await page.Locator("a.tile[data-name='web-001']").GetAttributeAsync("aria-label"));
        var stale = ui.Fleet.Hosts.First(h => h.Stale).Name;
        Assert.Matches(@": stale, last seen 3\d min ago$", await page.Locator($"a.tile[data-name='{stale}']").GetAttributeAsync("aria-label"));
        Assert.Contains($"{ui.Fleet.StaleCount} stale", await page.Locator(".summary").InnerTextAsync(), StringComparison.Ordinal);
    }

    [BrowserCollectdFact]
    public async Task A_host_running_the_real_collectd_appears_by_itself_and_its_page_draws_its_load()
    {
        Assert.True(ui.CollectdRunning, "collectd did not start");
        await ui.WaitForHostsAsync(ui.Fleet.Hosts.Count + 1, timeoutMs: 30_000);
        var page = await OpenFleetAsync(ui);
        var tile = page.Locator($"a.tile[data-name='{UiFixture.CollectdHost}']");
        await tile.HoverAsync();
        var tooltip = await page.Locator("#fleet-tooltip").InnerTextAsync();
        Assert.Contains(UiFixture.CollectdHost, tooltip, StringComparison.Ordinal);
        Assert.Contains("collectd", tooltip, StringComparison.Ordinal);
        Assert.Contains("collectd-ui", await page.Locator("section.group[data-group='collectd-ui'] h2").InnerTextAsync(), StringComparison.Ordinal);

        // Wait for a few seconds of load (collectd sends every second), then open the host.
        await Task.Delay(3000);
        await tile.ClickAsync();
        await page.WaitForSelectorAsync("main[data-ready='host']");
        Assert.EndsWith($"/host/{UiFixture.CollectdHost}", page.Url, StringComparison.Ordinal);
        Assert.Contains("load", await page.Locator(".facts").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("figure[data-graph='load'] canvas").CountAsync());
        Assert.Contains("shortterm", await page.Locator("figure[data-graph='load'] .u-legend").InnerTextAsync(), StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task Search_and_state_filters_narrow_the_tiles_and_stay_in_the_url()
    {
        var page = await OpenFleetAsync(ui);
        await page.FillAsync("#fleet-filter", "web-00");
        Assert.Equal(9, await page.Locator(VisibleTiles).CountAsync());
        Assert.Contains("9 shown", await page.Locator(".summary").InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await page.Locator("section.group[data-group='db']").IsHiddenAsync());
        Assert.Contains("9 of 500 hosts", await page.Locator("section.group[data-group='web'] h2").InnerTextAsync(), StringComparison.Ordinal);
        Assert.EndsWith("/?q=web-00", page.Url, StringComparison.Ordinal);

        await page.FillAsync("#fleet-filter", "group:db, lb-0*");
        Assert.Equal(100 + 50, await page.Locator(VisibleTiles).CountAsync());

        await page.FillAsync("#fleet-filter", "");
        await page.ClickAsync("label[for='fleet-state-stale']");
        Assert.Equal(ui.Fleet.StaleCount, await page.Locator(VisibleTiles).CountAsync());
        Assert.Equal(ui.Fleet.StaleCount, await page.Locator($"li:not([hidden]) > a.tile[data-state='stale']").CountAsync());
        Assert.EndsWith("/?state=stale", page.Url, StringComparison.Ordinal);

        // A shared URL opens with the same filter.
        var shared = await OpenFleetAsync(ui, "/?q=cache-1*&state=all");
        Assert.Equal("cache-1*", await shared.InputValueAsync("#fleet-filter"));
        Assert.Equal(100, await shared.Locator(VisibleTiles).CountAsync()); // cache-100 … cache-199
    }

    [BrowserFact]
    public async Task Clicking_a_tile_opens_the_host_with_its_graph_and_back_returns_to_the_filtered_fleet()
    {
        var page = await OpenFleetAsync(ui, "/?q=web-001");
        await page.ClickAsync("a.tile[data-name='web-001']");
        await page.WaitForSelectorAsync("main[data-ready='host']");
        Assert.EndsWith("/host/web-001", page.Url, StringComparison.Ordinal);
        Assert.StartsWith("web-001", await page.Locator("h1").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("web-001 · Mine", await page.TitleAsync());
        Assert.Equal(1, await page.Locator("figure.graph canvas").CountAsync());
        var legend = await page.Locator("figure.graph .u-legend").InnerTextAsync();
        Assert.Contains("shortterm", legend, StringComparison.Ordinal);
        Assert.Contains("longterm", legend, StringComparison.Ordinal);

        await page.GoBackAsync();
        await page.WaitForSelectorAsync("main[data-ready='fleet']");
        Assert.Equal("web-001", await page.InputValueAsync("#fleet-filter"));
        Assert.Equal(1, await page.Locator(VisibleTiles).CountAsync());
    }

    [BrowserFact]
    public async Task The_keyboard_reaches_every_tile_with_one_tab_stop_per_group()
    {
        var page = await OpenFleetAsync(ui);
        await page.FocusAsync("a.tile[data-name='app-001']");
        await page.Keyboard.PressAsync("ArrowRight");
        Assert.Equal("app-002", await page.EvaluateAsync<string>("() => document.activeElement.dataset.name"));
        await page.Keyboard.PressAsync("ArrowDown");
        var below = await page.EvaluateAsync<string>("() => document.activeElement.dataset.name");
        Assert.Matches(new Regex(@"^app-\d{3}$"), below);
        Assert.NotEqual("app-002", below);
        await page.Keyboard.PressAsync("End");
        Assert.Equal("app-300", await page.EvaluateAsync<string>("() => document.activeElement.dataset.name"));
        Assert.Equal(1, await page.Locator("section.group[data-group='app'] a.tile[tabindex='0']").CountAsync());

        await page.Keyboard.PressAsync("Tab"); // leaves the group for the next group's heading link
        Assert.Equal("batch", await page.EvaluateAsync<string>("() => document.activeElement.textContent"));
        await page.Keyboard.PressAsync("Shift+Tab");
        Assert.Equal("app-300", await page.EvaluateAsync<string>("() => document.activeElement.dataset.name"));
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("main[data-ready='host']");
        Assert.EndsWith("/host/app-300", page.Url, StringComparison.Ordinal);

        await page.GoBackAsync();
        await page.WaitForSelectorAsync("main[data-ready='fleet']");
        await page.Keyboard.PressAsync("/");
        Assert.Equal("fleet-filter", await page.EvaluateAsync<string>("() => document.activeElement.id"));
    }

    [BrowserFact]
    public async Task Dark_and_light_follow_the_system_and_the_toggle()
    {
        var page = await OpenFleetAsync(ui, scheme: ColorScheme.Dark);
        const string background = "() => getComputedStyle(document.documentElement).backgroundColor";
        Assert.Equal("rgb(15, 18, 23)", await page.EvaluateAsync<string>(background));
        await page.ClickAsync("#theme"); // system → light
        Assert.Equal("rgb(246, 247, 249)", await page.EvaluateAsync<string>(background));
        await page.ClickAsync("#theme"); // light → dark
        Assert.Equal("rgb(15, 18, 23)", await page.EvaluateAsync<string>(background));
        Assert.Equal("dark", await page.GetAttributeAsync("html", "data-theme"));

        // Remembered: a reload starts dark even on a light system.
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Light });
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("main[data-ready='fleet']");
        Assert.Equal("rgb(15, 18, 23)", await page.EvaluateAsync<string>(background));
    }

    [BrowserFact]
    public async Task Every_page_of_the_app_opens_from_its_url_and_the_navigation_marks_it()
    {
        var page = await ui.NewPageAsync();
        foreach (var (path, heading, section) in new[] { ("/landmines", "Landmines", "landmines"), ("/explore", "Explore", "explore"), ("/group/db", "db", "fleet") })
        {
            await page.GotoAsync(path);
            await page.WaitForSelectorAsync("main[data-ready]");
            Assert.StartsWith(heading, await page.Locator("h1").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal("page", await page.Locator($"header nav a[data-section='{section}']").GetAttributeAsync("aria-current"));
        }

        Assert.Equal(100, await page.Locator("table.members tbody tr").CountAsync());
        await page.ClickAsync("header nav a[data-section='fleet']");
        await page.WaitForSelectorAsync("main[data-ready='fleet']");
        Assert.EndsWith("/", page.Url, StringComparison.Ordinal);
    }
}
