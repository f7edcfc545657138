using System.Collections.Concurrent;

namespace Mine.Hosting;

/// <summary>
/// HTTP answers by endpoint family and status (so refused requests, 400s and 503s, are counted), and the render
/// gate's state, for /_internal/metrics.
/// </summary>
public sealed class RequestCounters
{
    private readonly ConcurrentDictionary<(string Endpoint, int Status), long> _responses = new();
    private long _rendersRefused;
    private long _rendersConsolidated;
    private int _rendersInside;

    /// <summary>Renders refused with 503 because every slot and queue place was taken.</summary>
    public long RendersRefused => Interlocked.Read(ref _rendersRefused);

    /// <summary>Renders whose reads were consolidated while read, because every point would not fit the request
    /// (compatibility.md, "Long ranges").</summary>
    public long RendersConsolidated => Interlocked.Read(ref _rendersConsolidated);

    /// <summary>Renders running or waiting for a slot now.</summary>
    public int RendersInside => Volatile.Read(ref _rendersInside);

    public IEnumerable<(string Endpoint, int Status, long Count)> Responses
        => _responses.OrderBy(static r => r.Key.Endpoint, StringComparer.Ordinal).ThenBy(static r => r.Key.Status).Select(static r => (r.Key.Endpoint, r.Key.Status, r.Value));

    public void CountResponse(string path, int status) => _responses.AddOrUpdate((EndpointOf(path), status), 1, static (_, n) => n + 1);

    public void RenderRefused() => Interlocked.Increment(ref _rendersRefused);

    public void RenderConsolidated() => Interlocked.Increment(ref _rendersConsolidated);

    public void RenderEntered() => Interlocked.Increment(ref _rendersInside);

    public void RenderLeft() => Interlocked.Decrement(ref _rendersInside);

    /// <summary>A small fixed set of names, so a client cannot grow the label set with made-up paths.</summary>
    private static string EndpointOf(string path)
    {
        string[] families = ["/render", "/metrics", "/tags", "/events", "/functions", "/version", "/_internal", "/api/fleet", "/health", "/ui"];
        foreach (var family in families)
        {
            if (path.StartsWith(family, StringComparison.OrdinalIgnoreCase))
            {
                return family.TrimStart('/').Replace('/', '_');
            }
        }

        return "other";
    }
}
