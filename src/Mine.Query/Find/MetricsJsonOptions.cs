namespace Mine.Query.Find;

/// <summary>
/// The knobs of graphite-web's metrics/views.py <c>json_response_for</c>, shared by /metrics/find,
/// /metrics/expand and /metrics/index.json.
/// </summary>
public sealed record MetricsJsonOptions
{
    /// <summary>
    /// jsonp callback. graphite-web reads <c>queryParams.get('jsonp', False)</c> and wraps only when it is truthy,
    /// so an empty value means no wrapping here (unlike /render).
    /// </summary>
    public string? Jsonp { get; init; }

    /// <summary>pretty: any non-empty value turns on two-space indentation.</summary>
    public bool Pretty { get; init; }

    /// <summary>
    /// json.dumps' ensure_ascii. graphite-web sets it only when the request's Accept header is exactly
    /// "application/json" (or absent); any other Accept (browsers, curl's "*/*") gets raw UTF-8 and a
    /// ";charset=utf-8" content type. See <see cref="ForAcceptHeader"/>.
    /// </summary>
    public bool EnsureAscii { get; init; } = true;

    private bool WrapsInJsonp => !string.IsNullOrEmpty(Jsonp);

    /// <summary>The Content-Type json_response_for sends.</summary>
    public string ContentType
        => (WrapsInJsonp ? "text/javascript" : "application/json") + (EnsureAscii ? "" : ";charset=utf-8");

    /// <summary>Options for a request with this Accept header (null when absent), jsonp and pretty parameters.</summary>
    public static MetricsJsonOptions ForAcceptHeader(string? accept, string? jsonp = null, bool pretty = false)
        => new() { EnsureAscii = (accept ?? "application/json") == "application/json", Jsonp = jsonp, Pretty = pretty };

    internal string? Callback => WrapsInJsonp ? Jsonp : null;
}
