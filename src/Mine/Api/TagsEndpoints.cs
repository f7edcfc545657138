using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Mine.Compat.Python;
using Mine.Core.Errors;
using Mine.Core.Ports;
using Mine.Storage.Engine;
using Mine.Storage.Index;

namespace Mine.Api;

/// <summary>
/// graphite-web 1.1.8's tag API (tags/urls.py, tags/views.py) over Mine's tag index: /tags, /tags/&lt;tag&gt;,
/// /tags/findSeries, /tags/tagSeries, /tags/tagMultiSeries, /tags/delSeries, /tags/autoComplete/tags and
/// /tags/autoComplete/values. Bodies are laid out as graphite-web's <c>json.dumps</c> writes them (<c>pretty</c>
/// indents by two and sorts keys; no jsonp, as graphite-web has none here); errors are
/// <c>{"error": "..."}</c>, and a method a view refuses gets graphite-web's empty 405.
/// </summary>
/// <remarks>
/// Differences, all deliberate (docs/compatibility.md): Mine learns tagged series from the data it ingests, so
/// tagSeries and tagMultiSeries only validate and canonicalise (the name appears once points arrive under it)
/// and delSeries validates, then answers 501 Not Implemented: stored series cannot be deleted yet (answering
/// <c>true</c> would claim a deletion that did not happen). Tag listings carry the <c>id</c> fields of graphite-web's
/// default SQL tag database (see <see cref="TagEntry.Id"/>). Where graphite-web fails with a 500 on bad input (a
/// malformed path, an invalid regex), Mine answers 400.
/// </remarks>
internal static class TagsEndpoints
{
    public static void MapTagsApi(this IEndpointRouteBuilder app)
    {
        // Every method reaches the handlers, which refuse the wrong ones themselves as graphite-web's views do;
        // otherwise a GET of /tags/tagSeries would fall through to the /tags/{tag} route.
        // The writes of graphite-web's tag database need the admin token (decision 0026), although Mine's only
        // validate today: a client that calls them means to change state, and keeps working when they do.
        app.Map("/tags", context => Handle(context, ["GET"], TagList));
        app.Map("/tags/tagSeries", context => Handle(context, ["POST"], TagSeries, changesState: true));
        app.Map("/tags/tagMultiSeries", context => Handle(context, ["POST"], TagMultiSeries, changesState: true));
        app.Map("/tags/delSeries", context => Handle(context, ["POST"], DelSeries, changesState: true));
        app.Map("/tags/findSeries", context => Handle(context, ["GET", "POST"], FindSeries));
        app.Map("/tags/autoComplete/tags", context => Handle(context, ["GET", "POST"], AutoCompleteTags));
        app.Map("/tags/autoComplete/values", context => Handle(context, ["GET", "POST"], AutoCompleteValues));
        app.Map("/tags/{**tag}", context => Handle(context, ["GET"], TagDetails));
    }

    private delegate void Writer(PythonJsonWriter json, bool sortKeys);

    private static async Task Handle(HttpContext context, string[] methods, Func<HttpContext, QueryParams, ITagDatabase, Writer> view, bool changesState = false)
    {
        var response = context.Response;
        if (!methods.Contains(context.Request.Method, StringComparer.Ordinal))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            response.ContentType = "text/html; charset=utf-8";
            return;
        }

        if (changesState && AdminAccess.Refusal(context) is { } refusal)
        {
            await refusal.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var parameters = QueryParams.None;
        var status = StatusCodes.Status200OK;
        Writer write;
        try
        {
            parameters = await QueryParams.ReadAsync(context.Request).ConfigureAwait(false);
            write = view(context, parameters, context.RequestServices.GetRequiredService<ITagDatabase>());
        }
        catch (MineUserException ex)
        {
            status = StatusCodes.Status400BadRequest;
            write = ErrorObject(ex.Message);
        }
        catch (NotSupportedException ex)
        {
            status = StatusCodes.Status501NotImplemented;
            write = ErrorObject(ex.Message);
        }

        // jsonResponse: json.dumps(data, indent=(2 if pretty else None), sort_keys=bool(pretty)).
        var pretty = !string.IsNullOrEmpty(parameters.Get("pretty"));
        var output = new ArrayBufferWriter<byte>(1024);
        write(new PythonJsonWriter(output, ensureAscii: true, indent: pretty ? 2 : 0), pretty);
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength = output.WrittenCount;
        await response.Body.WriteAsync(output.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>graphite-web's <c>{"error": "..."}</c>.</summary>
    private static Writer ErrorObject(string message) => (json, _) =>
    {
        json.StartObject();
        json.WritePropertyName("error");
        json.WriteString(message);
        json.EndObject();
    };

    private static Writer TagList(HttpContext context, QueryParams parameters, ITagDatabase storage)
    {
        // list_tags: the filter comes from the query string only, and "if limit:" skips an empty limit.
        var filter = parameters.Get("filter");
        var limit = SqlLimit(parameters.Get("limit"));
        var tags = storage.ListTags(filter, limit);
        return (json, _) =>
        {
            json.StartArray();
            foreach (var tag in tags)
            {
                json.StartObject();
                WriteId(json, tag.Id);
                json.WritePropertyName("tag");
                json.WriteString(tag.Tag);
                json.EndObject();
            }

            json.EndArray();
        };
    }

    private static Writer TagDetails(HttpContext context, QueryParams parameters, ITagDatabase storage)
    {
        var tag = (string)context.Request.RouteValues["tag"]!;
        // get_tag answers None for an unknown tag before it looks at the limit or the filter.
        if (storage.GetTag(tag) is not { } entry)
        {
            return static (json, _) => json.WriteNull();
        }

        var values = storage.TagValues(tag, parameters.Get("filter"), SqlLimit(parameters.Get("limit")));
        return (json, sortKeys) =>
        {
            json.StartObject();
            WriteId(json, entry.Id);
            json.WritePropertyName("tag");
            json.WriteString(tag);
            json.WritePropertyName("values");
            json.StartArray();
            foreach (var (value, count, id) in values)
            {
                // list_values: {"id", "value", "count"}; pretty sorts the keys.
                json.StartObject();
                if (sortKeys)
                {
                    WriteCount(json, count);
                    WriteId(json, id);
                    WriteValue(json, value);
                }
                else
                {
                    WriteId(json, id);
                    WriteValue(json, value);
                    WriteCount(json, count);
                }

                json.EndObject();
            }

            json.EndArray();
            json.EndObject();
        };

        static void WriteValue(PythonJsonWriter json, string value)
        {
            json.WritePropertyName("value");
            json.WriteString(value);
        }

        static void WriteCount(PythonJsonWriter json, int count)
        {
            json.WritePropertyName("count");
            json.WriteInt64(count);
        }
    }

    /// <summary>A row id (every listed tag and value has one; null would only mean the index lost it).</summary>
    private static void WriteId(PythonJsonWriter json, int? id)
    {
        json.WritePropertyName("id");
        if (id is { } value)
        {
            json.WriteInt64(value);
        }
        else
        {
            json.WriteNull();
        }
    }

    private static Writer FindSeries(HttpContext context, QueryParams parameters, ITagDatabase storage)
    {
        var expressions = parameters.ListOrBracketList("expr");
        if (expressions.Count == 0)
        {
            throw new MineUserException("no tag expressions specified");
        }

        var names = storage.FindTaggedSeries(expressions).Select(static s => s.Name).ToList();
        return (json, _) => WriteStrings(json, names);
    }

    /// <summary>
    /// Mine learns tagged series from ingested data: the path is checked and canonicalised as graphite-web does,
    /// but nothing is registered until points arrive under that name.
    /// </summary>
    private static Writer TagSeries(HttpContext context, QueryParams parameters, ITagDatabase storage)
    {
        var path = parameters.Get("path");
        if (string.IsNullOrEmpty(path))
        {
            throw new MineUserException("no path specified");
        }

        var canonical = TaggedSeriesName.Canonicalize(path);
        return (json, _) => json.WriteString(canonical);
    }

    private static Writer TagMultiSeries(HttpContext context, QueryParams parameters, ITagDatabase storage)
    {
        var paths = parameters.ListOrBracketList("path");
        if (paths.Count == 0)
        {
            throw new MineUserException("no paths specified");
        }

        var canonical = paths.Select(TaggedSeriesName.Canonicalize).ToList();
        return (json, _) => WriteStrings(json, canonical);
    }

    /// <summary>
    /// graphite-web forgets the series in its tag database and answers true. Mine's tag index follows the
    /// stored data, whose points stay, so it checks the paths as graphite-web parses them and answers true.
    /// </summary>
    private static Writer DelSeries(HttpContext context, QueryParams parameters, ITagDatabase storage)
    {
        var paths = parameters.ListOrBracketList("path");
        if (paths.Count == 0)
        {
            throw new MineUserException("no path specified");
        }

        foreach (var path in paths)
        {
            TaggedSeriesName.Canonicalize(path);
        }

        // Deleting needs storage support that does not exist yet; answering true would tell carbon's
        // tag cleanup that a series is gone while its data stays queryable. Bad input is still a 400 first.
        throw new NotSupportedException("delSeries is not supported: Mine cannot delete stored series yet (its tag index follows the stored data, so the series stays listed and queryable); see docs/compatibility.md");
    }

    private static Writer AutoCompleteTags(HttpContext context, QueryParams parameters, ITagDatabase storage)
    {
        var expressions = parameters.ListOrBracketList("expr");
        var limit = AutoCompleteLimit(parameters.Get("limit"));
        var tags = storage.AutoCompleteTags(expressions, parameters.Get("tagPrefix"), limit);
        return (json, _) => WriteStrings(json, tags);
    }

    private static Writer AutoCompleteValues(HttpContext context, QueryParams parameters, ITagDatabase storage)
    {
        var expressions = parameters.ListOrBracketList("expr");
        var tag = parameters.Get("tag");
        if (string.IsNullOrEmpty(tag))
        {
            throw new MineUserException("no tag specified");
        }

        var limit = AutoCompleteLimit(parameters.Get("limit"));
        var values = storage.AutoCompleteValues(expressions, tag, parameters.Get("valuePrefix"), limit);
        return (json, _) => WriteStrings(json, values);
    }

    private static void WriteStrings(PythonJsonWriter json, IEnumerable<string> values)
    {
        json.StartArray();
        foreach (var value in values)
        {
            json.WriteString(value);
        }

        json.EndArray();
    }

    /// <summary>list_tags/list_values: <c>if limit:</c> ignores an absent or empty limit, then SQL takes <c>int(limit)</c>.</summary>
    private static long? SqlLimit(string? text) => string.IsNullOrEmpty(text) ? null : PythonInt(text);

    /// <summary>auto_complete_*: an absent limit is the default, any other must be an int (even an empty one).</summary>
    private static long? AutoCompleteLimit(string? text) => text is null ? null : PythonInt(text);

    /// <summary>
    /// Python's <c>int(text)</c>: surrounding whitespace, a sign, decimal digits (any script) with single underscores
    /// between them; a number beyond a long saturates. Otherwise CPython's ValueError message.
    /// </summary>
    private static long PythonInt(string text)
    {
        var body = text.AsSpan().Trim();
        var negative = body.Length > 0 && body[0] == '-';
        if (body.Length > 0 && (body[0] == '-' || body[0] == '+'))
        {
            body = body[1..];
        }

        long magnitude = 0;
        var valid = body.Length > 0 && body[0] != '_' && body[^1] != '_';
        for (var i = 0; valid && i < body.Length; i++)
        {
            if (body[i] == '_')
            {
                valid = body[i - 1] != '_';
                continue;
            }

            var digit = CharUnicodeInfo.GetDecimalDigitValue(body[i]);
            valid = digit >= 0;
            magnitude = magnitude > (long.MaxValue - 9) / 10 ? long.MaxValue : (magnitude * 10) + Math.Max(digit, 0);
        }

        if (!valid)
        {
            throw new MineUserException("invalid literal for int() with base 10: " + PythonRepr(text));
        }

        return negative ? -magnitude : magnitude;
    }

    /// <summary>Python's <c>repr(str)</c> for the error message: single quotes unless the text holds one and no double quote.</summary>
    private static string PythonRepr(string text)
    {
        var quote = text.Contains('\'', StringComparison.Ordinal) && !text.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        var builder = new StringBuilder(text.Length + 2).Append(quote);
        foreach (var c in text)
        {
            _ = c switch
            {
                '\\' => builder.Append(@"\\"),
                '\n' => builder.Append(@"\n"),
                '\r' => builder.Append(@"\r"),
                '\t' => builder.Append(@"\t"),
                _ when c == quote => builder.Append('\\').Append(c),
                _ when c < ' ' || c is >= '\u007f' and <= '\u00a0' || c == '\u00ad' => builder.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}"),
                _ => builder.Append(c),
            };
        }

        return builder.Append(quote).ToString();
    }

    /// <summary>
    /// Django's view of the parameters: GET reads the query string; POST the query string then the form body,
    /// values of a repeated name appended in that order (<c>queryParams.update(request.POST)</c>).
    /// </summary>
    private sealed class QueryParams
    {
        private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

        public static QueryParams None { get; } = new();

        public static async Task<QueryParams> ReadAsync(HttpRequest request)
        {
            var parameters = new QueryParams();
            foreach (var (key, values) in request.Query)
            {
                parameters.Add(key, values);
            }

            if (HttpMethods.IsPost(request.Method) && request.HasFormContentType)
            {
                foreach (var (key, values) in await RequestParameters.ReadFormAsync(request).ConfigureAwait(false))
                {
                    parameters.Add(key, values);
                }
            }

            return parameters;
        }

        /// <summary>QueryDict.get: the last value, or null.</summary>
        public string? Get(string name) => _values.TryGetValue(name, out var values) ? values[^1] : null;

        /// <summary>graphite-web's repeated parameters: <c>name=</c> if given, else the PHP/Rails <c>name[]=</c>.</summary>
        public List<string> ListOrBracketList(string name)
            => _values.TryGetValue(name, out var values) || _values.TryGetValue(name + "[]", out values) ? values : [];

        private void Add(string key, Microsoft.Extensions.Primitives.StringValues values)
        {
            if (!_values.TryGetValue(key, out var list))
            {
                list = [];
                _values[key] = list;
            }

            foreach (var value in values)
            {
                list.Add(value ?? string.Empty);
            }

            if (list.Count == 0)
            {
                _values.Remove(key);
            }
        }
    }
}
