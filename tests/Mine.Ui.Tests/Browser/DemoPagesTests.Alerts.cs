using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Playwright;

namespace Mine.Ui.Tests.Browser;

/// <summary>(The same class as DemoPagesTests.cs, so one demo server serves all.) The Alerts page on the demo: its stale
/// hosts' alerts fire; a silence added through the form (with the admin token) is listed and in the API, and deleting it
/// removes it; a wrong token is refused with words that say where the token is.</summary>
public sealed partial class DemoPagesTests
{
    [BrowserFact]
    public async Task Alerts_lists_the_stale_hosts_firing_and_silences_one_through_the_form()
    {
        var page = await Demo.NewPageAsync(1440, 1000);
        await page.GotoAsync("/alerts");
        await page.WaitForSelectorAsync("main[data-ready='alerts']");
        Assert.Equal("page", await page.Locator("header nav a[data-section='alerts']").GetAttributeAsync("aria-current"));

        var staleRows = page.Locator("table.alerts-firing tbody tr[data-kind='stale']");
        var staleHosts = await staleRows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.host)");
        Assert.Equal(DemoFixture.Stale.Order(StringComparer.Ordinal), staleHosts.Order(StringComparer.Ordinal));
        var web088 = page.Locator("table.alerts-firing tr[data-key='stale:web-088']");
        Assert.Equal("firing", await web088.GetAttributeAsync("data-state"));
        Assert.Equal("/host/web-088", await web088.Locator("a[href^='/host/']").GetAttributeAsync("href"));
        Assert.Contains("sends no data since", await web088.InnerTextAsync(), StringComparison.Ordinal);
        // Since when, in the page's format with the zone's name.
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \S+", await web088.Locator("td.since time").InnerTextAsync());
        // The level landmines fire too, one per host (one the detection listed while the demo's history was still
        // being written would be resolving, not firing).
        var landmines = await page.Locator("table.alerts-firing tbody tr[data-kind='landmine'][data-state='firing']").EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.host)");
        Assert.Equal(DemoFixture.OverWorking.Concat(DemoFixture.UnderWorking).Order(StringComparer.Ordinal), landmines.Order(StringComparer.Ordinal));

        // The shared filter over the firing alerts.
        await page.Locator("#alerts-filter").FillAsync("stale");
        Assert.Equal(2, await page.Locator("table.alerts-firing tbody tr:not([hidden])").CountAsync());
        await page.Locator("#alerts-filter").FillAsync("");

        // "Silence" on a firing alert fills the form.
        await web088.Locator("button.silence").ClickAsync();
        Assert.Equal("web-088", await page.Locator("#silence-name").InputValueAsync());
        Assert.Equal("host", await page.Locator("#silence-target").InputValueAsync());
        Assert.Equal("stale", await page.Locator("#silence-kind").InputValueAsync());
        await page.Locator("#silence-duration").FillAsync("4h");
        await page.Locator("#silence-comment").FillAsync("disk swap");

        // A wrong token is refused, and the page says where the right one is.
        await page.Locator("#silence-token").FillAsync("not-the-token");
        await page.Locator("form.silence-form button[type='submit']").ClickAsync();
        await page.WaitForFunctionAsync("() => document.querySelector('#alerts-status').textContent.includes('401')");
        var refusal = await page.Locator("#alerts-status").InnerTextAsync();
        Assert.Contains("admin-token", refusal, StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("tr[data-silence]").CountAsync());
        Assert.Equal(0, await SilenceCountAsync());

        // The right token (from the demo's data folder): the silence is listed and in the API.
        await page.Locator("#silence-token").FillAsync(Demo.Mine.AdminToken);
        await page.Locator("form.silence-form button[type='submit']").ClickAsync();
        var row = page.Locator("table.alerts-silences-table tr[data-host='web-088']");
        await row.WaitForAsync();
        Assert.Contains("disk swap", await row.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("stale", await row.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await SilenceCountAsync());
        Assert.Contains("silenced", await page.Locator("table.alerts-firing tr[data-key='stale:web-088']").InnerTextAsync(), StringComparison.Ordinal);
        // The token stays in the tab (sessionStorage), never in the URL.
        Assert.DoesNotContain(Demo.Mine.AdminToken, page.Url, StringComparison.Ordinal);
        Assert.Equal(Demo.Mine.AdminToken, await page.EvaluateAsync<string>("() => sessionStorage.getItem('mine.adminToken')"));
        await page.Locator("#silence-comment").BlurAsync();
        await DemoFixture.SaveScreenshotAsync(page, "alerts.png");

        // Delete: gone from the page and from the API.
        await row.Locator("button.delete").ClickAsync();
        await row.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
        Assert.Equal(0, await SilenceCountAsync());
        Assert.Contains("deleted", await page.Locator("#alerts-status").InnerTextAsync(), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    private async Task<int> SilenceCountAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/alerts");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await Demo.Mine.Http.SendAsync(request);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return answer.RootElement.GetProperty("silences").GetArrayLength();
    }
}
