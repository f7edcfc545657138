using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Mine.Compat.Python;
using Mine.Events;
using Mine.Hosting;
using Mine.Query.Time;

namespace Mine.Api;

/// <summary>
/// graphite-web's events API: <c>/events/get_data</c> (what Grafana's annotations read) and <c>POST /events/</c>.
/// Events come from collectd notifications and from users.
/// </summary>
internal static class EventsEndpoints
{
    public static void MapEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/events/get_data", ["GET", "POST"], GetDataAsync);
        app.MapPost("/events", PostAsync);
    }

    private static Task<IResult> GetDataAsync(HttpContext context, EventStore events, MineOptions options) => ApiErrors.HandleAsync(async () =>
    {
        var parameters = await RequestParameters.ReadAsync(context.Request).ConfigureAwait(false);
        var now = DateTimeOffset.UtcNow;
        var utc = TimeZoneInfo.Utc;
        var from = parameters.Get("from") is { } f ? AtTimeParser.Parse(f, utc, now).ToUnixTimeMilliseconds() / 1000.0 : 0;
        var until = parameters.Get("until") is { } u ? AtTimeParser.Parse(u, utc, now).ToUnixTimeMilliseconds() / 1000.0 : now.ToUnixTimeMilliseconds() / 1000.0;
        var tags = parameters.Get("tags")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var union = parameters.Get("set") == "union";
        var matches = union && tags.Length > 0
            ? events.Query(from, until, []).Where(e => e.Tags.Any(tags.Contains)).ToList()
            : events.Query(from, until, tags);

        // Field order and separators as graphite-web's json.dumps of Event.as_dict(); its EventEncoder writes
        // `when` with graphite.util.epoch, calendar.timegm of the stored datetime: whole seconds, rounded down.
        var output = new ArrayBufferWriter<byte>(4096);
        var json = new PythonJsonWriter(output);
        json.StartArray();
        foreach (var e in matches)
        {
            json.StartObject();
            json.WritePropertyName("when");
            json.WriteInt64((long)Math.Floor(e.When));
            json.WritePropertyName("what");
            json.WriteString(e.What);
            json.WritePropertyName("data");
            json.WriteString(e.Data);
            json.WritePropertyName("tags");
            json.StartArray();
            foreach (var tag in e.Tags)
            {
                json.WriteString(tag);
            }

            json.EndArray();
            json.WritePropertyName("id");
            json.WriteInt64(e.Id);
            json.EndObject();
        }

        json.EndArray();
        var body = output.WrittenSpan.ToArray();
        if (JsonpCallback.From(parameters, options) is { } callback)
        {
            return Results.Text($"{callback}({System.Text.Encoding.UTF8.GetString(body)})", "text/javascript");
        }

        return Results.Bytes(body, "application/json");
    });

    /// <summary>
    /// POST /events: a write, so it needs the admin token (<see cref="AdminAccess"/>), and a JSON content type: a browser sends text/plain or form posts to any
    /// site without asking, but application/json only after a CORS preflight Mine never approves.
    /// </summary>
    private static async Task<IResult> PostAsync(HttpContext context, EventStore events)
    {
        if (AdminAccess.Refusal(context) is { } refusal)
        {
            return refusal;
        }

        if (!IsJson(context.Request.ContentType))
        {
            return Results.Text($"an event is posted as JSON: send Content-Type: application/json (got '{context.Request.ContentType}')\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body).ConfigureAwait(false);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return ApiErrors.BadRequest("an event is a JSON object: {\"what\": ..., \"tags\": [...], \"when\": epoch, \"data\": ...}");
            }

            var tags = root.TryGetProperty("tags", out var t) ? t.ValueKind switch
            {
                JsonValueKind.Array => t.EnumerateArray().Select(x => x.ToString()).ToList(),
                JsonValueKind.String => t.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList(),
                JsonValueKind.Null => [],
                _ => null,
            } : [];
            if (tags is null)
            {
                return ApiErrors.BadRequest("\"tags\" must be an array or space-separated string");
            }

            var when = root.TryGetProperty("when", out var w) && w.ValueKind == JsonValueKind.Number ? w.GetDouble() : DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
            var what = root.TryGetProperty("what", out var what0) ? what0.ToString() : "";
            var data = root.TryGetProperty("data", out var d) ? d.ToString() : "";
            events.Add(when, what, data, tags);
            return Results.Ok();
        }
        catch (JsonException ex)
        {
            return ApiErrors.BadRequest($"event body is not JSON: {ex.Message}");
        }
    }

    private static bool IsJson(string? contentType)
        => Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
            && media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);
}
