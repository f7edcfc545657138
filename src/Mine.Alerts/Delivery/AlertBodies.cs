using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mine.Alerts.Delivery;

/// <summary>The bodies a batch of alerts is sent as, one per <see cref="WebhookFormat"/> (docs/alerts.md shows each).</summary>
public static class AlertBodies
{
    public static string For(WebhookFormat format, IReadOnlyList<AlertNotification> alerts) => format switch
    {
        WebhookFormat.Slack => Chat(alerts, markdown: false),
        WebhookFormat.Mattermost => Chat(alerts, markdown: true),
        _ => Generic(alerts),
    };

    /// <summary>Mine's JSON: every field of every alert, for scripts and other alerting systems.</summary>
    public static string Generic(IReadOnlyList<AlertNotification> alerts)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        var list = new JsonArray();
        foreach (var a in alerts)
        {
            list.Add(new JsonObject
            {
                ["key"] = a.Key,
                ["kind"] = a.Kind.Name(),
                ["state"] = a.State.Name(),
                ["host"] = a.Host,
                ["group"] = a.Group,
                ["subject"] = a.Subject,
                ["summary"] = a.Summary,
                ["value"] = a.Value is { } v && double.IsFinite(v) ? v : null,
                ["since"] = a.Since,
                ["sinceIso"] = Iso(a.Since),
                ["at"] = a.At,
                ["link"] = a.Link,
            });
        }

        return new JsonObject
        {
            ["source"] = "mine",
            ["firing"] = alerts.Count(static a => a.State == AlertState.Firing),
            ["resolved"] = alerts.Count(static a => a.State == AlertState.Resolved),
            ["alerts"] = list,
        }.ToJsonString();
    }

    /// <summary>Slack's (and Mattermost's) incoming-webhook body: a text line for notifications, and one coloured
    /// attachment per alert (red firing, green resolved) with its host, group, since and value as fields.</summary>
    private static string Chat(IReadOnlyList<AlertNotification> alerts, bool markdown)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        var firing = alerts.Count(static a => a.State == AlertState.Firing);
        var resolved = alerts.Count - firing;
        var headline = string.Join(", ", new[] { firing > 0 ? $"{firing} firing" : null, resolved > 0 ? $"{resolved} resolved" : null }.Where(static p => p is not null));
        var text = markdown ? $"**Mine: {headline}**" : $"Mine: {headline}";
        var attachments = new JsonArray();
        foreach (var a in alerts)
        {
            var fields = new JsonArray
            {
                Field("Host", a.Host ?? "—"),
                Field("Group", a.Group ?? "—"),
                Field("Since", Iso(a.Since)),
            };
            if (a.Value is { } v && double.IsFinite(v))
            {
                fields.Add(Field("Value", v.ToString("G6", CultureInfo.InvariantCulture)));
            }

            attachments.Add(new JsonObject
            {
                ["fallback"] = $"[{a.State.Name()}] {a.Summary}",
                ["color"] = a.State == AlertState.Firing ? "#d0021b" : "#2eb67d",
                ["title"] = $"[{a.State.Name().ToUpperInvariant()}] {a.Kind.Name()}: {a.Subject}",
                ["title_link"] = a.Link,
                ["text"] = a.Summary,
                ["fields"] = fields,
                ["footer"] = "mine",
                ["ts"] = a.At,
            });
        }

        var body = new JsonObject { ["text"] = text, ["attachments"] = attachments };
        if (markdown)
        {
            body["username"] = "mine";
        }

        return body.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private static JsonObject Field(string title, string value) => new() { ["title"] = title, ["value"] = value, ["short"] = true };

    private static string Iso(long seconds) => DateTimeOffset.FromUnixTimeSeconds(seconds).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
