using System.Collections.Concurrent;
using Mine.Relay.Forward;
using Xunit.Abstractions;

namespace Mine.Relay.Tests.Forward;

/// <summary>Keeps the forward protocol's log lines for assertions and shows them in the test's output.</summary>
internal sealed class TestLog(ITestOutputHelper? output = null)
{
    public ConcurrentQueue<(ForwardLogLevel Level, string Message)> Lines { get; } = new();

    public ForwardLog Log => (level, message) =>
    {
        Lines.Enqueue((level, message));
        try
        {
            output?.WriteLine($"{level}: {message}");
        }
        catch (InvalidOperationException)
        {
            // A line from a connection that outlived its test.
        }
    };

    public bool Contains(string text) => Lines.Any(l => l.Message.Contains(text, StringComparison.Ordinal));
}
