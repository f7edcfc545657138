using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Playwright;
using Mine.Access;

namespace Mine.Ui.Tests.Browser;

/// <summary>The UI behind HTTP basic auth (<c>--basic-auth-file</c>): a browser without the user's credentials gets
/// the 401 and no page; with them it draws a host's page, its scripts, API reads and graph data all answered.</summary>
public sealed class BasicAuthPagesTests
{
    [BrowserFact]
    public async Task The_ui_works_behind_basic_auth()
    {
        var users = Path.Combine(Path.GetTempPath(), "mine-ui-users-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(users, $"ops:{PasswordHash.Create("night shift", 1000)}\n");
        try
        {
            await using var mine = await MineServe.StartAsync("--basic-auth-file", users);
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var lines = new StringBuilder();
            for (var t = now - 600; t <= now; t += 10)
            {
                lines.Append(CultureInfo.InvariantCulture, $"web-001.load.load.shortterm {0.5 + (t % 7) / 10.0} {t}\nweb-001.cpu-0.cpu-user {10 + (t % 5)} {t}\n");
            }

            await mine.SendPlaintextAsync(lines.ToString());
            using var reader = new HttpClient { BaseAddress = new Uri(mine.BaseUrl) };
            reader.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("ops:night shift")));
            var deadline = Environment.TickCount64 + 30_000;
            while (!(await reader.GetStringAsync("/api/fleet/hosts")).Contains("web-001", StringComparison.Ordinal))
            {
                Assert.True(Environment.TickCount64 < deadline, "web-001 did not appear");
                await Task.Delay(200);
            }

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Requirements.Chromium, Headless = true });

            // Without credentials the browser gets the 401; headless Chromium, which cannot ask anyone, ends the
            // navigation with ERR_INVALID_AUTH_CREDENTIALS instead of showing the page.
            var anonymous = await (await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = mine.BaseUrl })).NewPageAsync();
            var refused = await Assert.ThrowsAsync<PlaywrightException>(() => anonymous.GotoAsync("/host/web-001"));
            Assert.Contains("ERR_INVALID_AUTH_CREDENTIALS", refused.Message, StringComparison.Ordinal);

            var context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = mine.BaseUrl,
                HttpCredentials = new HttpCredentials { Username = "ops", Password = "night shift" },
            });
            var page = await context.NewPageAsync();
            var errors = new List<string>();
            page.Console += (_, message) =>
            {
                if (message.Type == "error")
                {
                    errors.Add(message.Text);
                }
            };
            Assert.Equal(200, (await page.GotoAsync("/host/web-001"))!.Status);
            await page.WaitForSelectorAsync("main[data-ready='host']");
            await page.WaitForSelectorAsync("figure canvas");
            Assert.DoesNotContain("401", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Empty(errors);
        }
        finally
        {
            File.Delete(users);
        }
    }
}
