using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Mine.Alerts;
using Mine.Alerts.Rules;
using Mine.Alerts.Silences;
using Mine.Alerts.Tracking;

namespace Mine.Api;

/// <summary>
/// The alerts (docs/alerts.md): <c>GET /api/alerts</c> (what fires and since when, pending ones, the last deliveries
/// with their result, the silences, the rules and webhooks), <c>POST /api/alerts/silences</c> and
/// <c>DELETE /api/alerts/silences/{id}</c>; the writes need the admin token.
/// </summary>
internal static class AlertsEndpoints
{
    public static void MapAlertsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/alerts", (AlertService alerts) =>
        {
            var now = alerts.Now;
            var tracked = alerts.Tracker.Alerts();
            return Results.Json(new
            {
                now,
                firing = tracked.Where(static a => a.Phase != AlertPhase.Pending).Select(a => Alert(a, alerts, now)),
                pending = tracked.Where(static a => a.Phase == AlertPhase.Pending).Select(a => Alert(a, alerts, now)),
                deliveries = alerts.Dispatcher.Deliveries.Select(static d => new
                {
                    at = d.At,
                    webhook = d.Webhook,
                    alerts = d.Keys,
                    attempts = d.Attempts,
                    result = d.Result,
                    detail = d.Detail,
                }),
                queued = alerts.Dispatcher.QueueLength,
                silences = alerts.Silences.Active(now).Select(Silence),
                rules = alerts.Rules.Select(static r => new { name = r.Name, target = r.Target, condition = r.Condition, @for = AlertDuration.Format(r.ForSeconds) }),
                webhooks = alerts.Dispatcher.Webhooks.Select(static w => w.Display),
            });
        });
        app.MapPost("/api/alerts/silences", PostSilenceAsync);
        app.MapDelete("/api/alerts/silences/{id}", (string id, AlertService alerts, HttpContext context) =>
        {
            if (AdminAccess.Refusal(context) is { } refusal)
            {
                return refusal;
            }

            return alerts.Silences.Delete(id) ? Results.NoContent() : ApiErrors.NotFound($"no silence has the id '{id}'; GET /api/alerts lists them");
        });
    }

    private static object Alert(AlertView a, AlertService alerts, long now)
    {
        var c = a.Condition;
        var silence = alerts.Silences.Matching(c.Host, c.Group, c.Kind, now);
        return new
        {
            key = c.Key,
            kind = c.Kind.Name(),
            state = a.Phase.ToString().ToLowerInvariant(),
            host = c.Host,
            group = c.Group,
            subject = c.Subject,
            summary = c.Summary,
            value = c.Value is { } v && double.IsFinite(v) ? v : (double?)null,
            since = a.Since,
            firedAt = a.FiredAt == 0 ? (long?)null : a.FiredAt,
            resolvingSince = a.Phase == AlertPhase.Resolving ? a.ResolvingSince : (long?)null,
            sent = a.Sent,
            delivered = a.Delivered ?? a.Sent,
            silencedBy = silence?.Id,
            flaps = a.Flaps,
        };
    }

    private static object Silence(Silence s) => new
    {
        id = s.Id,
        host = s.Host,
        group = s.Group,
        kind = s.Kind?.Name(),
        starts = s.Starts,
        ends = s.Ends,
        comment = s.Comment,
    };

    /// <summary>
    /// POST /api/alerts/silences <c>{"host": "web-017", "group": "web", "kind": "stale", "duration": "2h", "comment": "…"}</c>
    /// (a host or a group; kind optional; duration as the rules file writes it, or <c>ends</c> in Unix seconds).
    /// JSON only, so a browser cannot send it from another site's page without a preflight.
    /// </summary>
    private static async Task<IResult> PostSilenceAsync(HttpContext context, AlertService alerts)
    {
        if (AdminAccess.Refusal(context) is { } refusal)
        {
            return refusal;
        }

        if (context.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true)
        {
            return Results.Text($"a silence is posted as JSON: send Content-Type: application/json (got '{context.Request.ContentType}')\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        const string shape = "a silence is {\"host\": \"web-017\" or \"group\": \"web\", \"kind\": \"stale\" (optional: landmine, stale or rule), \"duration\": \"2h\", \"comment\": \"…\"}";
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return ApiErrors.BadRequest(shape);
            }

            var now = alerts.Now;
            var kindText = Text(root, "kind");
            var kind = AlertKinds.Parse(kindText);
            if (kindText is { Length: > 0 } && kind is null)
            {
                return ApiErrors.BadRequest($"\"kind\" '{kindText}' is not landmine, stale or rule; {shape}");
            }

            long seconds;
            if (root.TryGetProperty("ends", out var ends) && ends.ValueKind == JsonValueKind.Number)
            {
                seconds = (long)ends.GetDouble() - now;
            }
            else if (AlertDuration.TryParseSeconds(Text(root, "duration")) is { } duration)
            {
                seconds = duration;
            }
            else
            {
                return ApiErrors.BadRequest($"\"duration\" '{Text(root, "duration")}' is not a duration (30m, 2h, 1d); {shape}");
            }

            var silence = alerts.Silences.Add(Text(root, "host"), Text(root, "group"), kind, now, seconds, Text(root, "comment"));
            return Results.Json(Silence(silence), statusCode: StatusCodes.Status201Created);
        }
        catch (JsonException ex)
        {
            return ApiErrors.BadRequest($"the body is not JSON ({ex.Message}); {shape}");
        }
        catch (ArgumentException ex)
        {
            return ApiErrors.BadRequest($"{ex.Message}; {shape}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Results.Text($"the silence could not be saved in the data folder ({ex.Message}); free space or fix its permissions, then send it again\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
