using Mine.Core.Errors;

namespace Mine.Compat.Python;

/// <summary>
/// A value Python refuses (its ValueError, OverflowError or re.error): the message is the text Python gives, which
/// graphite-web passes on to the client. A <see cref="MineUserException"/>, so every layer answers it as bad input
/// (HTTP 400) without knowing about Python.
/// </summary>
public sealed class PythonArgumentException : MineUserException
{
    public PythonArgumentException()
    {
    }

    public PythonArgumentException(string message)
        : base(message)
    {
    }

    public PythonArgumentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
