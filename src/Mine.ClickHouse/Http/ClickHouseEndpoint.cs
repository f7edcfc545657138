using System.Web;

namespace Mine.ClickHouse.Http;

/// <summary>
/// Where ClickHouse's HTTP interface is, from <c>--clickhouse URL</c>: <c>http://HOST:8123/?database=graphite</c>.
/// The URL's query keeps what ClickHouse reads from it (<c>user</c>, <c>password</c>, settings) for every request;
/// its <c>database</c> names the tables' database.
/// </summary>
public sealed record ClickHouseEndpoint(Uri BaseUri, string Database, string? QueryString)
{
    /// <summary>Parses the flag's value; a <see cref="FormatException"/> says what is wrong and what to write.</summary>
    public static ClickHouseEndpoint Parse(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new FormatException($"'{url}' is not an http:// or https:// URL of ClickHouse's HTTP interface, e.g. http://127.0.0.1:8123/?database=graphite");
        }

        var query = HttpUtility.ParseQueryString(uri.Query);
        var database = query["database"] ?? "default";
        query.Remove("database");
        var rest = query.Count == 0 ? null : query.ToString();
        return new ClickHouseEndpoint(new UriBuilder(uri) { Query = "", Fragment = "" }.Uri, database, rest);
    }

    /// <summary>The URL of one request: the database (unless the statement makes it), the endpoint's own parameters, then <paramref name="extra"/>.</summary>
    public Uri RequestUri(string? extra = null, bool inDatabase = true)
    {
        var query = inDatabase ? "database=" + Uri.EscapeDataString(Database) : "";
        foreach (var part in new[] { QueryString, extra })
        {
            if (part is not null)
            {
                query += (query.Length > 0 ? "&" : "") + part;
            }
        }

        return new UriBuilder(BaseUri) { Query = query }.Uri;
    }

    /// <summary>True when ClickHouse is on this machine (a loopback address or <c>localhost</c>): inserts need no
    /// compression there, which would only cost both sides CPU.</summary>
    public bool IsLoopback => BaseUri.IsLoopback;

    /// <summary>The URL without credentials, for logs and the startup block.</summary>
    public override string ToString() => new UriBuilder(BaseUri) { UserName = "", Password = "", Query = "database=" + Database }.Uri.ToString();
}
