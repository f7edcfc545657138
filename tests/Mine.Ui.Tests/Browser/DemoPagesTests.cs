using Microsoft.Playwright;

namespace Mine.Ui.Tests.Browser;

/// <summary>The Landmines, Group and Host pages in Chromium against <c>mine serve --demo</c> and its known landmines.</summary>
[Collection(UiCollection.Name)]
public sealed partial class DemoPagesTests(DemoFixture demo) : IClassFixture<DemoFixture>
{
    private DemoFixture Demo => demo;

    [BrowserFact]
    public async Task Landmines_lists_the_known_landmines_ranked_with_sparklines_and_the_fleet_tiles_show_them()
    {
        var page = await demo.NewPageAsync();
        await page.GotoAsync("/landmines");
        await page.WaitForSelectorAsync("main[data-ready='landmines']");
        var rows = page.Locator("table.landmines tbody tr[data-kind='level']");
        var hosts = await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.host)");
        Assert.Equal(DemoFixture.OverWorking.Concat(DemoFixture.UnderWorking).Order(StringComparer.Ordinal), hosts.Order(StringComparer.Ordinal));

        // Stale hosts are listed as stale, after the levels, and never also as outliers.
        var stale = await page.Locator("table.landmines tbody tr[data-kind='stale']").EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.host)");
        Assert.Equal(DemoFixture.Stale.Order(StringComparer.Ordinal), stale.Order(StringComparer.Ordinal));
        var kinds = await page.Locator("table.landmines tbody tr").EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.kind)");
        Assert.Equal(kinds.OrderBy(k => k == "level" ? 0 : k == "trend" ? 1 : 2), kinds);

        // Every row says why it is listed.
        foreach (var why in await page.Locator("table.landmines tbody td.reason").AllInnerTextsAsync())
        {
            Assert.False(string.IsNullOrWhiteSpace(why), "a row without its reason");
        }

        Assert.Contains("stopped sending", await page.Locator($"tr[data-host='{DemoFixture.Stale[0]}'] td.reason").InnerTextAsync(), StringComparison.Ordinal);
        foreach (var host in DemoFixture.OverWorking)
        {
            Assert.Contains("over-working", await page.Locator($"tr[data-host='{host}']").InnerTextAsync(), StringComparison.Ordinal);
        }

        foreach (var host in DemoFixture.UnderWorking)
        {
            Assert.Contains("under-working", await page.Locator($"tr[data-host='{host}']").InnerTextAsync(), StringComparison.Ordinal);
        }

        // Ranked by severity: the severity column never increases down the table.
        var severities = (await page.Locator("table.landmines tbody tr[data-kind='level'] td:nth-child(4)").AllInnerTextsAsync())
            .Select(t => double.Parse(t.Replace("σ", "", StringComparison.Ordinal).Replace("−", "", StringComparison.Ordinal).Replace("+", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(severities.OrderDescending(), severities);
        Assert.All(severities, s => Assert.True(s > 3));
        await page.WaitForFunctionAsync("() => document.querySelectorAll('[data-spark] canvas').length === 5");
        await DemoFixture.SaveScreenshotAsync(page, "landmines.png");

        await page.Locator("tr[data-host='web-007'] th a").ClickAsync();
        await page.WaitForSelectorAsync("main[data-ready='host']");
        Assert.EndsWith("/host/web-007", page.Url, StringComparison.Ordinal);

        await page.GotoAsync("/");
        await page.WaitForSelectorAsync("main[data-ready='fleet']");
        foreach (var host in DemoFixture.OverWorking)
        {
            Assert.Equal("over", await page.Locator($"a.tile[data-name='{host}']").GetAttributeAsync("data-state"));
        }

        foreach (var host in DemoFixture.UnderWorking)
        {
            Assert.Equal("under", await page.Locator($"a.tile[data-name='{host}']").GetAttributeAsync("data-state"));
        }

        Assert.Equal(5, await page.Locator("a.tile[data-state='over'], a.tile[data-state='under']").CountAsync());
        Assert.Equal(DemoFixture.Stale.Length, await page.Locator("a.tile[data-state='stale']").CountAsync());
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Group_draws_the_band_with_the_outliers_over_it_and_ranks_members_by_deviation()
    {
        var page = await demo.NewPageAsync(1440, 1000);
        await page.GotoAsync("/group/web");
        await page.WaitForSelectorAsync("main[data-ready='group']");
        foreach (var metric in new[] { "cpu", "load", "memory", "if_rx", "if_tx", "disk_ops", "nginx" })
        {
            var figure = page.Locator($"figure[data-metric='{metric}']");
            Assert.Equal(1, await figure.Locator("canvas").CountAsync());
            var legend = await figure.Locator(".u-legend").InnerTextAsync();
            Assert.Contains("min (in line)", legend, StringComparison.Ordinal);
            Assert.Contains("max (in line)", legend, StringComparison.Ordinal);
            Assert.Contains("median", legend, StringComparison.Ordinal);
            Assert.Contains("web-007 (over)", legend, StringComparison.Ordinal);
            Assert.Contains("web-042 (under)", legend, StringComparison.Ordinal);
        }

        // Exactly the two outliers are drawn over the load band: min, max, median and two lines.
        Assert.Equal(5, await page.Locator("figure[data-metric='load'] .u-legend .u-series").CountAsync() - 1);

        var ranked = await page.Locator("table.ranked tbody tr").EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.host)");
        Assert.Equal(120, ranked.Length);
        Assert.Equal(["web-007", "web-042"], ranked.Take(2).Order(StringComparer.Ordinal));
        Assert.Equal(2, await page.Locator("table.ranked tr[data-outlier='true']").CountAsync());
        await DemoFixture.SaveScreenshotAsync(page, "group.png");

        await page.Locator("table.ranked tr[data-host='web-042'] th a").ClickAsync();
        await page.WaitForSelectorAsync("main[data-ready='host']");
        Assert.EndsWith("/host/web-042", page.Url, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Host_draws_every_plugin_composed_with_range_zoom_and_hover_values()
    {
        var page = await demo.NewPageAsync(1440, 1000);
        await page.GotoAsync("/host/web-007");
        await page.WaitForSelectorAsync("main[data-ready='host']");
        var ids = await page.Locator("figure.graph[data-graph]").EvaluateAllAsync<string[]>("fs => fs.map(f => f.dataset.graph)");
        Assert.Equal(
            ["cpu-0", "cpu-1", "cpu-2", "cpu-3", "cpu-total", "df-root", "disk-sda-octets", "disk-sda-ops", "interface-eth0-errors", "interface-eth0-octets", "interface-eth0-packets",
             "load", "memory", "nginx-connections", "nginx-requests", "processes", "processes-forks"],
            ids.Order(StringComparer.Ordinal));
        foreach (var id in ids)
        {
            var figure = page.Locator($"figure[data-graph='{id}']");
            Assert.Equal(1, await figure.Locator("canvas").CountAsync());
            Assert.True(int.Parse(await figure.GetAttributeAsync("data-points") ?? "0", System.Globalization.CultureInfo.InvariantCulture) > 100, $"{id} has data");
        }

        var cpuLegend = await page.Locator("figure[data-graph='cpu-total'] .u-legend").InnerTextAsync();
        foreach (var state in new[] { "cpu-user", "cpu-system", "cpu-idle" })
        {
            Assert.Contains(state, cpuLegend, StringComparison.Ordinal);
        }

        Assert.Contains("shortterm", await page.Locator("figure[data-graph='load'] .u-legend").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("rx", await page.Locator("figure[data-graph='interface-eth0-octets'] .u-legend").InnerTextAsync(), StringComparison.Ordinal);

        // Hover: the legend shows the values under the cursor.
        var over = page.Locator("figure[data-graph='load'] .u-over");
        await over.ScrollIntoViewIfNeededAsync();
        var box = (await over.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + (box.Width * 0.6f), box.Y + (box.Height / 2));
        var values = await page.Locator("figure[data-graph='load'] .u-legend .u-value").AllInnerTextsAsync();
        Assert.Contains(values.Skip(1), v => double.TryParse(v, System.Globalization.CultureInfo.InvariantCulture, out var x) && x > 0);
        await DemoFixture.SaveScreenshotAsync(page, "host.png");

        // Drag to zoom: the time range narrows on the dragged graph and on every other graph of the host (synced).
        var memory = page.Locator("figure[data-graph='memory']");
        var before = long.Parse(await memory.GetAttributeAsync("data-from") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        var beforeUntil = long.Parse(await memory.GetAttributeAsync("data-until") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        await page.Mouse.MoveAsync(box.X + (box.Width * 0.3f), box.Y + 20);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + (box.Width * 0.4f), box.Y + 20, new MouseMoveOptions { Steps = 5 });
        await page.Mouse.UpAsync();
        await page.WaitForTimeoutAsync(300);
        var from = await page.Locator("figure[data-graph='load']").GetAttributeAsync("data-from");
        var until = await page.Locator("figure[data-graph='load']").GetAttributeAsync("data-until");
        Assert.True(long.Parse(from!, System.Globalization.CultureInfo.InvariantCulture) > before + 600, $"zoomed from {from}, was {before}");
        Assert.True(long.Parse(until!, System.Globalization.CultureInfo.InvariantCulture) - long.Parse(from!, System.Globalization.CultureInfo.InvariantCulture) < (beforeUntil - before) * 0.8, $"zoomed to {from}..{until}, was {before}..{beforeUntil}");
        Assert.Equal(from, await memory.GetAttributeAsync("data-from"));
        Assert.Equal(until, await memory.GetAttributeAsync("data-until"));
        // Auto-refresh would redraw the graphs and lose the zoom: it says it waits.
        Assert.Contains("paused while zoomed", await page.Locator("#host-refreshed").InnerTextAsync(), StringComparison.Ordinal);

        // A double-click on a stacked graph (which ends at its newest complete interval, before the others) zooms every
        // graph out to its own data, and the refresh resumes.
        await memory.Locator(".u-over").DblClickAsync();
        await page.WaitForTimeoutAsync(300);
        Assert.Equal(before.ToString(System.Globalization.CultureInfo.InvariantCulture), await memory.GetAttributeAsync("data-from"));
        Assert.DoesNotContain("paused", await page.Locator("#host-refreshed").InnerTextAsync(), StringComparison.Ordinal);

        // The range picker redraws and keeps the choice in the URL.
        await page.SelectOptionAsync("#host-range", "-1h");
        Assert.EndsWith("/host/web-007?from=-1h", page.Url, StringComparison.Ordinal);
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("main[data-ready='host']");
        Assert.Equal("-1h", await page.Locator("#host-range").InputValueAsync());
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Explore_browses_the_tree_completes_functions_draws_and_round_trips_the_target_through_the_url()
    {
        var page = await demo.NewPageAsync(1440, 1000);
        await page.GotoAsync("/explore");
        await page.WaitForSelectorAsync("main[data-ready='explore']");

        // The tree: web-001 → load → load → shortterm puts the path in the editor and draws it.
        await page.Locator("li[data-path='web-001'] > button").ClickAsync();
        await page.Locator("li[data-path='web-001.load'] > button").ClickAsync();
        await page.Locator("li[data-path='web-001.load.load'] > button").ClickAsync();
        await page.Locator("li[data-path='web-001.load.load.shortterm'] > button").ClickAsync();
        await page.WaitForSelectorAsync("#explore-graph canvas");
        Assert.Equal("web-001.load.load.shortterm", await page.InputValueAsync("#explore-target"));
        Assert.EndsWith("/explore?target=web-001.load.load.shortterm", page.Url, StringComparison.Ordinal);

        // Completion: typing "outl" offers outliers(); Tab accepts it.
        await page.FillAsync("#explore-target", "");
        await page.Locator("#explore-target").PressSequentiallyAsync("outl");
        await page.WaitForSelectorAsync("#explore-completions li[data-name='outliers']");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("outliers(", await page.InputValueAsync("#explore-target"));
        await page.Locator("#explore-target").PressSequentiallyAsync("web-*.load.load.shortterm,3,\"15min\")");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync("() => document.querySelector('#explore-graph')?.dataset.series === '2'");
        var legend = await page.Locator("#explore-graph .u-legend").InnerTextAsync();
        Assert.Contains("web-007", legend, StringComparison.Ordinal);
        Assert.Contains("web-042", legend, StringComparison.Ordinal);

        // The URL holds the target: a new page at that URL draws the same thing.
        var shared = page.Url;
        Assert.Contains("target=outliers%28web-*.load.load.shortterm%2C3%2C%2215min%22%29", shared, StringComparison.Ordinal);
        var other = await demo.NewPageAsync();
        await other.GotoAsync(shared);
        await other.WaitForSelectorAsync("main[data-ready='explore']");
        Assert.Equal("outliers(web-*.load.load.shortterm,3,\"15min\")", await other.InputValueAsync("#explore-target"));
        Assert.Equal("2", await other.Locator("#explore-graph").GetAttributeAsync("data-series"));
        await other.Context.CloseAsync();

        // PNG and SVG links draw the same graph.
        var png = await page.Locator("#explore-png").GetAttributeAsync("href");
        using var pngAnswer = await demo.Mine.Http.GetAsync(png);
        Assert.Equal("image/png", pngAnswer.Content.Headers.ContentType?.MediaType);
        var svg = await page.Locator("#explore-svg").GetAttributeAsync("href");
        Assert.StartsWith("<", (await demo.Mine.Http.GetStringAsync(svg)).TrimStart(), StringComparison.Ordinal);
        await DemoFixture.SaveScreenshotAsync(page, "explore.png");
        await page.Context.CloseAsync();
    }
}
