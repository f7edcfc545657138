using System.Buffers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Mine.Core.Errors;
using Mine.Core.Ports;
using Mine.Core.Series;
using Mine.Hosting;
using Mine.Query;
using Mine.Query.Find;

namespace Mine.Api;

/// <summary>/metrics/find (alias /metrics), /metrics/expand and /metrics/index.json, GET or POST, as graphite-web.</summary>
internal static class MetricsEndpoints
{
    public static void MapMetricsApi(this IEndpointRouteBuilder app)
    {
        string[] methods = ["GET", "POST"];
        app.MapMethods("/metrics/find", methods, FindAsync);
        app.MapMethods("/metrics", methods, FindAsync);
        app.MapMethods("/metrics/expand", methods, ExpandAsync);
        app.MapMethods("/metrics/index.json", methods, IndexAsync);
    }

    private static Task<IResult> FindAsync(HttpContext context, ISeriesIndex index, MineOptions options) => ApiErrors.HandleAsync(async () =>
    {
        var parameters = await RequestParameters.ReadAsync(context.Request).ConfigureAwait(false);
        var query = parameters.Get("query");
        if (string.IsNullOrEmpty(query))
        {
            throw new MineUserException("Missing required parameter 'query'");
        }

        var trace = QueryTrace.Start(context, "find", [query]);
        var format = parameters.Get("format") ?? "treejson";
        var wildcards = parameters.GetInt("wildcards", 0) == 1;
        var leavesOnly = parameters.GetInt("leavesOnly", 0) == 1;
        var json = MetricsJsonOptions.ForAcceptHeader(context.Request.Headers.Accept.Count == 0 ? null : context.Request.Headers.Accept.ToString(), JsonpCallback.From(parameters, options, emptyIsNone: true), !string.IsNullOrEmpty(parameters.Get("pretty")));
        if (format == "completer")
        {
            query = FindFormats.CompleterQuery(query, parameters.GetInt("automatic_variants", 0) == 1);
        }

        var output = new ArrayBufferWriter<byte>(4096);
        var contentType = json.ContentType;
        if (format == "treejson" && !leavesOnly)
        {
            // treejson shows one entry per distinct name: the store folds while it walks.
            var folded = index.FindFolded(query, options.MaxFindNodes + 1);
            if (folded.Matched > options.MaxFindNodes)
            {
                throw TooMany(query, options.MaxFindNodes);
            }

            trace.NodesMatched = folded.Matched;
            FindFormats.WriteTreeJson(output, folded, query, wildcards, json);
            return NoCache(context, output, contentType);
        }

        var nodes = FindLimited(index, query, options.MaxFindNodes);
        trace.NodesMatched = nodes.Count;
        if (leavesOnly)
        {
            nodes = nodes.Where(static n => n.IsLeaf).ToList();
        }

        switch (format)
        {
            case "treejson":
                FindFormats.WriteTreeJson(output, nodes, query, wildcards, json);
                break;
            case "completer":
                FindFormats.WriteCompleter(output, nodes, wildcards, json);
                break;
            case "json":
                FindFormats.WriteJson(output, nodes, LeafIntervals(index), json);
                break;
            case "pickle":
                FindFormats.WritePickle(output, nodes, LeafIntervals(index));
                contentType = FindFormats.PickleContentType;
                break;
            case "msgpack":
                FindFormats.WriteMsgPack(output, nodes, LeafIntervals(index));
                contentType = FindFormats.MsgPackContentType;
                break;
            case "nodelist":
                FindFormats.WriteNodeList(output, nodes, parameters.GetInt("position", -1), json);
                break;
            default:
                throw new MineUserException($"Invalid value for 'format' parameter: '{format}' (use treejson, completer, json, nodelist, pickle or msgpack)");
        }

        return NoCache(context, output, contentType);
    });

    /// <summary>A find answer, marked not to be cached (names appear as points arrive).</summary>
    private static IResult NoCache(HttpContext context, ArrayBufferWriter<byte> output, string contentType)
    {
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers.Pragma = "no-cache";
        return Results.Bytes(output.WrittenMemory.ToArray(), contentType);
    }

    /// <summary>
    /// A leaf's interval in find answers: its retention up to now. graphite-web's whisper reader ends it at the
    /// file's last write; Mine keeps no per-series write time and accepts points anywhere in the retention.
    /// </summary>
    private static Func<MetricNode, IReadOnlyList<FindInterval>> LeafIntervals(ISeriesIndex index)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        return node => index.MaxRetentionSeconds(node.Path) is { } retention ? [new FindInterval(now - retention, now)] : [];
    }

    private static Task<IResult> ExpandAsync(HttpContext context, ISeriesIndex index, MineOptions options) => ApiErrors.HandleAsync(async () =>
    {
        var parameters = await RequestParameters.ReadAsync(context.Request).ConfigureAwait(false);
        var queries = parameters.GetAll("query");
        if (queries.Count == 0)
        {
            throw new MineUserException("Missing required parameter 'query'");
        }

        var trace = QueryTrace.Start(context, "expand", queries);
        var matches = new List<KeyValuePair<string, IReadOnlyList<MetricNode>>>();
        foreach (var query in queries)
        {
            matches.Add(new(query, FindLimited(index, query, options.MaxFindNodes)));
            trace.NodesMatched = (trace.NodesMatched ?? 0) + matches[^1].Value.Count;
        }

        var json = new MetricsJsonOptions { Jsonp = JsonpCallback.From(parameters, options, emptyIsNone: true) };
        var output = new ArrayBufferWriter<byte>(4096);
        MetricsListFormats.WriteExpand(output, matches, parameters.GetInt("groupByExpr", 0) == 1, parameters.GetInt("leavesOnly", 0) == 1, json);
        return Results.Bytes(output.WrittenMemory.ToArray(), json.ContentType);
    });

    private static Task<IResult> IndexAsync(HttpContext context, ISeriesIndex index, MineOptions options) => ApiErrors.HandleAsync(async () =>
    {
        var parameters = await RequestParameters.ReadAsync(context.Request).ConfigureAwait(false);
        var json = new MetricsJsonOptions { Jsonp = JsonpCallback.From(parameters, options, emptyIsNone: true) };
        var output = new ArrayBufferWriter<byte>(1 << 20);
        MetricsListFormats.WriteIndex(output, index.AllNames(), json);
        return Results.Bytes(output.WrittenMemory.ToArray(), json.ContentType);
    });

    /// <summary>Find with the per-request limit turned into a clear refusal instead of a truncated answer.</summary>
    internal static IReadOnlyList<MetricNode> FindLimited(ISeriesIndex index, string query, int limit)
    {
        var nodes = index.Find(query, limit + 1);
        if (nodes.Count > limit)
        {
            throw TooMany(query, limit);
        }

        return nodes;
    }

    private static MineUserException TooMany(string query, int limit) =>
        new($"Query '{query}' matches more than {limit} metrics (MaxFindNodes); narrow the pattern.");
}
