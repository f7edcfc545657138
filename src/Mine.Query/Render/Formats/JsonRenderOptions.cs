namespace Mine.Query.Render.Formats;

/// <summary>The request options renderViewJson reads (render/views.py parseOptions).</summary>
public sealed record JsonRenderOptions
{
    /// <summary>maxDataPoints, set only when the parameter is all digits (graphite-web ignores it otherwise).</summary>
    public int? MaxDataPoints { get; init; }

    /// <summary>noNullPoints: present at all (any value) turns it on.</summary>
    public bool NoNullPoints { get; init; }

    /// <summary>
    /// jsonp callback; null when absent. Unlike /metrics/find, an empty value still wraps ("(...)"), and graphite-web
    /// only reads it when a format parameter is present.
    /// </summary>
    public string? Jsonp { get; init; }

    /// <summary>pretty: any non-empty value (even "0" or "false") turns on two-space indentation.</summary>
    public bool Pretty { get; init; }

    /// <summary>Where streamed answers format their slices; null: the .NET thread pool.</summary>
    public IBackgroundWork? Workers { get; init; }
}
