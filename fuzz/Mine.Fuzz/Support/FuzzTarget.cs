namespace Mine.Fuzz.Support;

/// <summary>
/// One fuzz target: a kind of untrusted input (a wire protocol, a query parameter, a data-folder file) and the
/// component that reads it. <see cref="Run"/> feeds the input to the component, lets through only the exceptions
/// the component documents for bad input, and checks the component's own invariants. Anything else escaping it
/// (an undocumented exception, an <see cref="InvariantViolationException"/>, a crash of the process) is a finding.
/// </summary>
public abstract class FuzzTarget
{
    /// <summary>The name given on the command line and used for the corpus folder (<c>fuzz/corpus/NAME</c>).</summary>
    public abstract string Name { get; }

    /// <summary>What the input is and which component reads it, for <c>Mine.Fuzz list</c> and failure messages.</summary>
    public abstract string Description { get; }

    /// <summary>Runs one input. Must be deterministic: the same bytes take the same path every time.</summary>
    public abstract void Run(ReadOnlySpan<byte> input);
}

/// <summary>A component broke one of its own promises on some input: always a bug, never a bad input.</summary>
public sealed class InvariantViolationException : Exception
{
    public InvariantViolationException()
    {
    }

    public InvariantViolationException(string message)
        : base(message)
    {
    }

    public InvariantViolationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

}

/// <summary>Checks of a component's own promises inside a fuzz target.</summary>
public static class Invariant
{
    /// <summary>Throws <see cref="InvariantViolationException"/> when <paramref name="condition"/> is false.</summary>
    public static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvariantViolationException(message);
        }
    }
}
