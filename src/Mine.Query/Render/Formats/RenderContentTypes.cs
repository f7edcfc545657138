namespace Mine.Query.Render.Formats;

/// <summary>
/// The Content-Type header graphite-web 1.1.8 sends per /render format (render/views.py; Django adds no charset
/// when the view passes content_type explicitly).
/// </summary>
public static class RenderContentTypes
{
    /// <summary>format=json without jsonp.</summary>
    public const string Json = "application/json";

    /// <summary>format=json (also svg) with a jsonp callback.</summary>
    public const string Jsonp = "text/javascript";

    /// <summary>format=csv.</summary>
    public const string Csv = "text/csv";

    /// <summary>format=raw (and the deprecated rawData parameter).</summary>
    public const string Raw = "text/plain";

    /// <summary>format=pickle.</summary>
    public const string Pickle = "application/pickle";

    /// <summary>format=msgpack.</summary>
    public const string MsgPack = "application/x-msgpack";
}
