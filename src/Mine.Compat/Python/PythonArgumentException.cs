namespace Mine.Compat.Python;

/// <summary>
/// A value Python refuses (its ValueError, OverflowError or re.error): the message is the text Python gives, which
/// graphite-web passes on to the client. An <see cref="ArgumentException"/>, so every layer already answers it as
/// bad input (HTTP 400, a refused configuration) without knowing about Python.
/// </summary>
public sealed class PythonArgumentException : ArgumentException
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
