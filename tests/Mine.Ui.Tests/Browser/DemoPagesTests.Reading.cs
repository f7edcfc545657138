using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Mine.Ui.Tests.Browser;

/// <summary>
/// (The same class as DemoPagesTests.cs, so one demo server serves both.) The UI as a sysadmin reads it, against <c>mine serve --demo</c>: the group band leaves the landmines out, one time
/// format with the zone named, time labels that do not collide, the host page leading with what is wrong, a filter on
/// every list, stacked areas that do not drop at the right edge.
/// </summary>
public sealed partial class DemoPagesTests
{
    /// <summary>"2026-12-07 14:05:30 CET": the full time every page writes.</summary>
    [GeneratedRegex(@"\d{4}-\d\d-\d\d (\d\d):\d\d:\d\d ([A-Z][A-Z0-9+\-]+)")]
    private static partial Regex FullTime();

    private static async Task<Dictionary<string, string>> LegendAsync(IPage page, string figure) =>
        await page.Locator(figure).EvaluateAsync<Dictionary<string, string>>(
            "f => Object.fromEntries([...f.querySelectorAll('.u-legend .u-series')].map(s => [s.querySelector('.u-label')?.textContent ?? '', s.querySelector('.u-value')?.textContent ?? '']))");

    private static async Task HoverAsync(IPage page, string figure, float x)
    {
        var over = page.Locator($"{figure} .u-over");
        await over.ScrollIntoViewIfNeededAsync();
        var box = (await over.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + (box.Width * x), box.Y + (box.Height / 2));
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    [BrowserFact]
    public async Task The_group_band_is_the_members_in_line_and_the_outliers_are_named_lines_outside_it()
    {
        var page = await Demo.NewPageAsync(1440, 1000);
        await page.GotoAsync("/group/web");
        await page.WaitForSelectorAsync("main[data-ready='group']");
        foreach (var x in new[] { 0.2f, 0.5f, 0.8f })
        {
            await HoverAsync(page, "figure[data-metric='load']", x);
            var legend = await LegendAsync(page, "figure[data-metric='load']");
            // With min–max over every member, web-007 was the band's top and web-042 its bottom.
            Assert.True(Number(legend["max (in line)"]) < Number(legend["web-007 (over)"]), string.Join(", ", legend));
            Assert.True(Number(legend["min (in line)"]) > Number(legend["web-042 (under)"]), string.Join(", ", legend));
            Assert.InRange(Number(legend["median"]), Number(legend["min (in line)"]), Number(legend["max (in line)"]));
        }

        // The members' filter: a glob, the count, the URL; a reload keeps it.
        await page.FillAsync("#group-filter", "web-04*");
        Assert.Equal(10, await page.Locator("table.ranked tbody tr:not([hidden])").CountAsync());
        Assert.Equal("10 of 120 shown", await page.Locator(".filter-shown").InnerTextAsync());
        Assert.EndsWith("/group/web?q=web-04*", Uri.UnescapeDataString(page.Url), StringComparison.Ordinal);
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("main[data-ready='group']");
        Assert.Equal(10, await page.Locator("table.ranked tbody tr:not([hidden])").CountAsync());
        Assert.Equal("web-042", await page.Locator("table.ranked tbody tr:not([hidden])").First.GetAttributeAsync("data-host"));
        await DemoFixture.SaveScreenshotAsync(page, "group-band.png");
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Times_are_24_hour_in_the_browsers_zone_with_its_name_and_switch_to_utc()
    {
        var page = await Demo.NewPageAsync(1440, 1000, timeZone: "Europe/Berlin");
        await page.GotoAsync("/host/web-001");
        await page.WaitForSelectorAsync("main[data-ready='host']");
        var facts = await page.Locator(".facts").InnerTextAsync();
        var local = FullTime().Match(facts);
        Assert.True(local.Success, facts);
        Assert.Matches("^CES?T$", local.Groups[2].Value);
        Assert.DoesNotMatch(@"\d ?(am|pm|AM|PM)\b", await page.Locator("main").InnerTextAsync());
        Assert.Matches(@"^Times: local \(CES?T\)$", await page.Locator("#zone").InnerTextAsync());

        // The legends write the time under the cursor the same way.
        await HoverAsync(page, "figure[data-graph='load']", 0.5f);
        var legendTime = (await LegendAsync(page, "figure[data-graph='load']"))["Time"];
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d CES?T$", legendTime);

        // UTC: every page again, one or two hours earlier than Berlin, remembered after a reload.
        await page.ClickAsync("#zone");
        await page.WaitForFunctionAsync("() => document.querySelector('.facts')?.innerText.includes('UTC')");
        await page.WaitForSelectorAsync("main[data-ready='host']");
        var utc = FullTime().Match(await page.Locator(".facts").InnerTextAsync());
        Assert.Equal("UTC", utc.Groups[2].Value);
        var difference = (int.Parse(local.Groups[1].Value, CultureInfo.InvariantCulture) - int.Parse(utc.Groups[1].Value, CultureInfo.InvariantCulture) + 24) % 24;
        Assert.InRange(difference, 1, 2);
        Assert.Equal("Times: UTC", await page.Locator("#zone").InnerTextAsync());
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("main[data-ready='host']");
        Assert.Contains(" UTC", await page.Locator(".facts").InnerTextAsync(), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Time_labels_never_run_into_each_other_in_the_explorer_or_on_the_host_page()
    {
        foreach (var (width, from) in new[] { (1440, "-3h"), (1440, "-24h"), (1024, "-3h"), (760, "-1h"), (760, "-7d") })
        {
            var page = await Demo.NewPageAsync(width, 900);
            await page.GotoAsync($"/explore?target=web-00*.load.load.shortterm&from={from}");
            await page.WaitForSelectorAsync("#explore-graph canvas");
            var gap = double.Parse(await page.Locator("#explore-graph").GetAttributeAsync("data-tick-gap") ?? "-1", CultureInfo.InvariantCulture);
            Assert.True(gap >= 8, $"explore at {width} px, {from}: time labels {gap} px apart");
            await page.Context.CloseAsync();
        }

        var host = await Demo.NewPageAsync(1024, 900);
        await host.GotoAsync("/host/web-001");
        await host.WaitForSelectorAsync("main[data-ready='host']");
        var gaps = await host.Locator("figure.graph[data-graph]").EvaluateAllAsync<string[]>("fs => fs.map(f => f.dataset.tickGap ?? '-1')");
        Assert.NotEmpty(gaps);
        Assert.All(gaps, g => Assert.True(double.Parse(g, CultureInfo.InvariantCulture) >= 8, $"host graph time labels {g} px apart"));
        await host.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task The_host_page_leads_with_what_is_wrong_and_the_graphs_of_those_metrics()
    {
        using var answer = JsonDocument.Parse(await Demo.Mine.Http.GetStringAsync("/api/fleet/landmines"));
        // The metrics beyond k behind web-007's entry, most telling first.
        var metrics = answer.RootElement.GetProperty("landmines").EnumerateArray().Single(l => l.GetProperty("host").GetString() == "web-007")
            .GetProperty("evidence").EnumerateArray().Where(e => e.GetProperty("beyond").GetBoolean()).Select(e => e.GetProperty("metric").GetString()!).ToList();
        Assert.NotEmpty(metrics);

        var page = await Demo.NewPageAsync(1440, 1000);
        await page.GotoAsync("/host/web-007");
        await page.WaitForSelectorAsync("main[data-ready='host']");
        Assert.Equal("What is wrong with web-007", await page.Locator("section.wrong h2").InnerTextAsync());
        // Before the facts and the usual graphs.
        Assert.True(await page.EvaluateAsync<bool>("() => !!(document.querySelector('section.wrong').compareDocumentPosition(document.querySelector('.facts')) & Node.DOCUMENT_POSITION_FOLLOWING)"));
        // The same metrics (metrics of nearly equal scores may trade places between the API's read and the page's).
        Assert.Equal(metrics.Order(StringComparer.Ordinal), (await page.Locator("section.wrong li[data-problem]").EvaluateAllAsync<string[]>("ls => ls.map(l => l.dataset.problem)")).Order(StringComparer.Ordinal));
        var first = await page.Locator("section.wrong li[data-problem]").First.InnerTextAsync();
        Assert.Matches(@"over-working, \+\d+(\.\d)?σ against the web group \([\d.]+× its median(, [\d.]+× its own normal)?\), beyond ±3 for", first);
        Assert.Matches(@"Now [\d.]+[kMG]? against the group's median [\d.]+[kMG]? \([\d.]+×\); the members in line are between", first);
        Assert.Equal(metrics.Count, await page.Locator("section.wrong figure[data-evidence] canvas").CountAsync());

        // The composed graphs of those metrics come first.
        var wrong = await page.Locator("figure.graph[data-graph]").EvaluateAllAsync<bool[]>("fs => fs.map(f => f.dataset.wrong === 'true')");
        var leading = wrong.TakeWhile(w => w).Count();
        Assert.True(leading >= metrics.Count - 1, $"{leading} graphs lead"); // if_rx and if_tx share the interface's octets graph
        Assert.All(wrong.Skip(leading), Assert.False);
        await DemoFixture.SaveScreenshotAsync(page, "host-wrong.png");

        // A stale host says so first; a healthy one has nothing to say.
        await page.GotoAsync("/host/web-088");
        await page.WaitForSelectorAsync("main[data-ready='host']");
        Assert.Matches(@"^Stale: nothing received for \d+ (s|min) \(last point .+\); it sent every \d+ (s|min) and counts as stale after", await page.Locator("section.wrong li[data-problem='stale']").InnerTextAsync());
        await page.GotoAsync("/host/web-001");
        await page.WaitForSelectorAsync("main[data-ready='host']");
        Assert.Equal(0, await page.Locator("section.wrong").CountAsync());
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Every_list_has_the_same_filter()
    {
        var page = await Demo.NewPageAsync(1440, 1000);
        await page.GotoAsync("/landmines");
        await page.WaitForSelectorAsync("main[data-ready='landmines']");
        await page.FillAsync("#landmines-filter", "group:web");
        Assert.Equal(["web-007", "web-042", "web-088"], (await page.Locator("table.landmines tbody tr:not([hidden])").EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.host)")).Order(StringComparer.Ordinal));
        Assert.Equal("3 of 7 shown", await page.Locator(".filter-shown").InnerTextAsync());

        await page.GotoAsync("/explore");
        await page.WaitForSelectorAsync("main[data-ready='explore']");
        await page.FillAsync("#explore-filter", "web-00*");
        Assert.Equal(9, await page.Locator("ul.tree > li:not([hidden])").CountAsync());
        // 280 hosts, and Mine's own "mine" node once it has written its metrics.
        Assert.Matches("^9 of 28[01] shown$", await page.Locator(".filter-shown").InnerTextAsync());
        // A node opened under a match shows its children; the URL keeps the filter beside the targets.
        await page.Locator("li[data-path='web-001'] > button").ClickAsync();
        await page.WaitForSelectorAsync("li[data-path='web-001.load']");
        Assert.True(await page.Locator("li[data-path='web-001.load']").IsVisibleAsync());
        Assert.Contains("q=web-00*", Uri.UnescapeDataString(page.Url), StringComparison.Ordinal);

        await page.GotoAsync("/host/web-001?q=eth0");
        await page.WaitForSelectorAsync("main[data-ready='host']");
        Assert.Equal(["interface-eth0-errors", "interface-eth0-octets", "interface-eth0-packets"], (await page.Locator("figure.graph[data-graph]:not([hidden])").EvaluateAllAsync<string[]>("fs => fs.map(f => f.dataset.graph)")).Order(StringComparer.Ordinal));
        Assert.Equal("eth0", await page.InputValueAsync("#host-filter"));
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Stacked_areas_do_not_drop_at_the_right_edge_while_the_newest_interval_fills()
    {
        var page = await Demo.NewPageAsync(1440, 1000);
        await page.GotoAsync("/host/web-001?from=-1h");
        await page.WaitForSelectorAsync("main[data-ready='host']");
        foreach (var graph in new[] { "cpu-total", "memory", "df-root", "processes" })
        {
            // The share of the plot's height painted, in a column of pixels near the right edge and in the middle.
            var (edge, middle) = (await FilledAsync(page, graph, 0.995), await FilledAsync(page, graph, 0.5));
            Assert.True(middle > 0.5, $"{graph}: {middle:P0} painted in the middle");
            Assert.True(edge >= middle * 0.9, $"{graph}: {edge:P0} painted at the right edge, {middle:P0} in the middle");
        }

        await page.Context.CloseAsync();
    }

    private static Task<double> FilledAsync(IPage page, string graph, double at) =>
        page.Locator($"figure[data-graph='{graph}']").EvaluateAsync<double>(
            """
            (f, at) => {
              const canvas = f.querySelector('canvas'), over = f.querySelector('.u-over');
              const c = canvas.getBoundingClientRect(), o = over.getBoundingClientRect(), ratio = canvas.width / c.width;
              const x = Math.round((o.left - c.left + o.width * at) * ratio);
              const top = Math.round((o.top - c.top) * ratio), height = Math.round(o.height * ratio);
              const data = canvas.getContext('2d').getImageData(x, top, 1, height).data;
              let painted = 0;
              for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
              return painted / height;
            }
            """,
            at);
}
