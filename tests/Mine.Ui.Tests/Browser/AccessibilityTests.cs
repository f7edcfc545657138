using Deque.AxeCore.Playwright;
using System.Diagnostics;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Mine.Ui.Tests.Browser;

/// <summary>axe-core on every page of the app, light and dark: no serious or critical finding.</summary>
[Collection(UiCollection.Name)]
public sealed class AccessibilityTests(UiFixture ui, ITestOutputHelper output)
{
    [BrowserFact]
    public async Task Pages_have_no_serious_accessibility_problems_in_either_theme()
    {
        var problems = new List<string>();
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            var page = await ui.NewPageAsync(scheme: scheme);
            foreach (var path in new[] { "/", "/host/web-001", "/group/lb", "/landmines", "/alerts", "/explore" })
            {
                await page.GotoAsync(path);
                await page.WaitForSelectorAsync("main[data-ready]");
                var clock = Stopwatch.StartNew();
                var results = await page.RunAxe();
                output.WriteLine($"{scheme} {path}: {results.Passes.Length} rules passed, {results.Violations.Length} violated ({string.Join(", ", results.Violations.Select(v => $"{v.Id}/{v.Impact}"))}) in {clock.ElapsedMilliseconds} ms");
                problems.AddRange(results.Violations
                    .Where(v => v.Impact is "serious" or "critical")
                    .Select(v => $"{scheme} {path}: {v.Id} ({v.Impact}) {v.Help}: {string.Join("; ", v.Nodes.Take(3).Select(n => n.Html))}"));
            }

            await page.Context.CloseAsync();
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }
}
