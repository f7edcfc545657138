using Mine.Core.Errors;

namespace Mine.Query;

/// <summary>
/// A request parameter could not be understood: a <see cref="MineUserException"/>, so the HTTP layer answers 400 with
/// <see cref="Exception.Message"/>.
/// Mirrors graphite-web's <c>InputParameterError</c>: the message is the text graphite-web puts between the
/// parentheses of "Invalid parameters (...)", so clients that pattern-match graphite-web errors keep working.
/// </summary>
public sealed class QueryArgumentException : MineUserException
{
    public QueryArgumentException()
    {
    }

    public QueryArgumentException(string message)
        : base(message)
    {
    }

    public QueryArgumentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The raw parameter value that could not be parsed, when one is known.</summary>
    public string? Input { get; init; }
}
