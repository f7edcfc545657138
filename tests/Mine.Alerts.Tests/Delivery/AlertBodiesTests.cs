using System.Text.Json;
using Mine.Alerts.Delivery;

namespace Mine.Alerts.Tests.Delivery;

public sealed class AlertBodiesTests
{
    private static readonly AlertNotification Firing = new("stale:web-1", AlertKind.Stale, AlertState.Firing, "web-1", "web", "web-1", 1_780_000_000, 1_780_000_090, null, "web-1 (web) sends no data", "https://mine.example/host/web-1");
    private static readonly AlertNotification Resolved = new("rule:low:x", AlertKind.Rule, AlertState.Resolved, null, null, "low", 1_780_000_000, 1_780_000_090, 42.5, "low: x is 42.5, < 100", "/api/alerts");

    [Fact]
    public void The_generic_body_has_every_field_of_every_alert()
    {
        using var body = JsonDocument.Parse(AlertBodies.For(WebhookFormat.Json, [Firing, Resolved]));
        var root = body.RootElement;
        Assert.Equal("mine", root.GetProperty("source").GetString());
        Assert.Equal(1, root.GetProperty("firing").GetInt32());
        var first = root.GetProperty("alerts")[0];
        Assert.Equal("stale", first.GetProperty("kind").GetString());
        Assert.Equal("firing", first.GetProperty("state").GetString());
        Assert.Equal("web-1", first.GetProperty("host").GetString());
        Assert.Equal("web", first.GetProperty("group").GetString());
        Assert.Equal(1_780_000_000, first.GetProperty("since").GetInt64());
        Assert.Equal("2026-05-28T20:26:40Z", first.GetProperty("sinceIso").GetString());
        Assert.Equal("https://mine.example/host/web-1", first.GetProperty("link").GetString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("value").ValueKind);
        Assert.Equal(42.5, root.GetProperty("alerts")[1].GetProperty("value").GetDouble());
    }

    [Fact]
    public void Slack_gets_text_and_one_coloured_attachment_per_alert()
    {
        using var body = JsonDocument.Parse(AlertBodies.For(WebhookFormat.Slack, [Firing, Resolved]));
        var root = body.RootElement;
        Assert.Equal("Mine: 1 firing, 1 resolved", root.GetProperty("text").GetString());
        var attachments = root.GetProperty("attachments");
        Assert.Equal(2, attachments.GetArrayLength());
        Assert.Equal("#d0021b", attachments[0].GetProperty("color").GetString());
        Assert.Equal("[FIRING] stale: web-1", attachments[0].GetProperty("title").GetString());
        Assert.Equal("https://mine.example/host/web-1", attachments[0].GetProperty("title_link").GetString());
        Assert.Equal("#2eb67d", attachments[1].GetProperty("color").GetString());
        Assert.Contains(attachments[1].GetProperty("fields").EnumerateArray(), static f => f.GetProperty("title").GetString() == "Value" && f.GetProperty("value").GetString() == "42.5");
        Assert.False(root.TryGetProperty("username", out _));
    }

    [Fact]
    public void Mattermost_gets_the_slack_shape_with_markdown_and_a_username()
    {
        using var body = JsonDocument.Parse(AlertBodies.For(WebhookFormat.Mattermost, [Firing]));
        Assert.Equal("**Mine: 1 firing**", body.RootElement.GetProperty("text").GetString());
        Assert.Equal("mine", body.RootElement.GetProperty("username").GetString());
        Assert.Equal(1, body.RootElement.GetProperty("attachments").GetArrayLength());
    }

    [Theory]
    [InlineData("https://hooks.example/x", WebhookFormat.Json)]
    [InlineData("slack:https://hooks.slack.com/services/T/B/secret", WebhookFormat.Slack)]
    [InlineData("MATTERMOST:http://chat:8065/hooks/abc", WebhookFormat.Mattermost)]
    [InlineData("json:http://127.0.0.1:9000/alerts", WebhookFormat.Json)]
    public void A_webhook_names_its_format_before_its_url(string text, WebhookFormat format)
    {
        var target = WebhookTarget.Parse(text);
        Assert.Equal(format, target.Format);
        Assert.DoesNotContain("secret", target.Display, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hooks.example/x")]
    [InlineData("teams:https://x")]
    [InlineData("ftp://x/y")]
    public void A_webhook_that_is_not_an_http_url_is_refused(string text) =>
        Assert.Contains("must be an http or https URL", Assert.Throws<FormatException>(() => WebhookTarget.Parse(text)).Message, StringComparison.Ordinal);
}
