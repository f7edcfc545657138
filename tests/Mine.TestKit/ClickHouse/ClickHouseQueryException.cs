using System.Net;

namespace Mine.TestKit.ClickHouse;

/// <summary>ClickHouse answered a query with an error status; the message carries its error text.</summary>
public sealed class ClickHouseQueryException : Exception
{
    public ClickHouseQueryException()
    {
    }

    public ClickHouseQueryException(string message)
        : base(message)
    {
    }

    public ClickHouseQueryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ClickHouseQueryException(string server, string sql, HttpStatusCode status, string error)
        : base($"{server} answered {(int)status} to {Shorten(sql)}: {error.Trim()}")
    {
        Status = status;
        Error = error.Trim();
    }

    public HttpStatusCode Status { get; }

    /// <summary>ClickHouse's own text ("Code: 47, e.displayText() = DB::Exception: …").</summary>
    public string Error { get; } = "";

    private static string Shorten(string sql)
    {
        var firstLine = sql.Split('\n', 2)[0];
        return firstLine.Length <= 200 ? firstLine : firstLine[..200] + "…";
    }
}
