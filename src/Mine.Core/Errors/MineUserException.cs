namespace Mine.Core.Errors;

/// <summary>
/// The request (or a file a user wrote) asked for something Mine cannot do, and <see cref="Exception.Message"/> says
/// what, for the user: HTTP answers 400 with the message. The one type every layer throws for bad input (subclasses
/// only add detail: <c>QueryArgumentException</c>, <c>GraphException</c>, <c>GlobTooComplexException</c>), so that any
/// other exception, an <see cref="ArgumentException"/> included, is a bug and answers 500.
/// </summary>
public class MineUserException : Exception
{
    public MineUserException()
    {
    }

    public MineUserException(string message)
        : base(message)
    {
    }

    public MineUserException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
