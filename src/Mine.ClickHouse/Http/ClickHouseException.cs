namespace Mine.ClickHouse.Http;

/// <summary>What went wrong talking to ClickHouse, sorted by what a caller can do about it.</summary>
public enum ClickHouseErrorKind
{
    /// <summary>No answer: refused, reset, timed out. Retry later; the server may come back.</summary>
    Network,

    /// <summary>The server answered 5xx or is overloaded: retry later.</summary>
    Server,

    /// <summary>The server refused the statement (4xx, a syntax or schema error): retrying the same cannot help.</summary>
    Refused,
}

/// <summary>A failed ClickHouse request, with ClickHouse's own message.</summary>
public sealed class ClickHouseException : Exception
{
    public ClickHouseException()
    {
    }

    public ClickHouseException(string message)
        : base(message)
    {
    }

    public ClickHouseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ClickHouseException(ClickHouseErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException) => Kind = kind;

    public ClickHouseErrorKind Kind { get; } = ClickHouseErrorKind.Server;

    /// <summary>Whether sending the same request again later may succeed.</summary>
    public bool Retryable => Kind != ClickHouseErrorKind.Refused;
}
