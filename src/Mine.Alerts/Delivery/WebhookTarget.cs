namespace Mine.Alerts.Delivery;

/// <summary>The body a webhook gets.</summary>
public enum WebhookFormat
{
    /// <summary>Mine's own JSON: <c>{"source": "mine", "alerts": [...]}</c> (docs/alerts.md).</summary>
    Json,

    /// <summary>Slack's incoming webhooks: <c>text</c> and one attachment per alert.</summary>
    Slack,

    /// <summary>Mattermost's incoming webhooks: Slack's shape, with Markdown in the text and a username.</summary>
    Mattermost,
}

/// <summary>
/// One webhook: <c>URL</c> (Mine's JSON), or the URL prefixed by its format, <c>slack:https://hooks.slack.com/…</c>,
/// <c>mattermost:https://chat.example.com/hooks/…</c>, <c>json:https://…</c>.
/// </summary>
public sealed record WebhookTarget(Uri Url, WebhookFormat Format)
{
    /// <summary>The webhook written as <paramref name="text"/>; throws <see cref="FormatException"/> saying what to write.</summary>
    public static WebhookTarget Parse(string text)
    {
        var value = text?.Trim() ?? "";
        var format = WebhookFormat.Json;
        foreach (var (prefix, named) in new[] { ("slack:", WebhookFormat.Slack), ("mattermost:", WebhookFormat.Mattermost), ("json:", WebhookFormat.Json) })
        {
            if (value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                format = named;
                value = value[prefix.Length..];
                break;
            }
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) || url.Host.Length == 0)
        {
            throw new FormatException("must be an http or https URL, optionally after slack:, mattermost: or json: (the body's format), e.g. slack:https://hooks.slack.com/services/…");
        }

        return new WebhookTarget(url, format);
    }

    /// <summary>The webhook as the API and logs show it: format, scheme, host and port only, because chat webhooks
    /// carry their secret in the path.</summary>
    public string Display => $"{Format.ToString().ToLowerInvariant()} {Url.Scheme}://{Url.Authority}/…";
}
