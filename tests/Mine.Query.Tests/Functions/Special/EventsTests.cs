using Mine.Query.Evaluation;
using Xunit;

namespace Mine.Query.Tests.Functions.Special;

public class EventsTests
{
    private const long Start = 1795597200;

    private sealed class FakeEvents(params RenderEvent[] events) : IEventSource
    {
        public List<(long Start, long End, IReadOnlyList<string> Tags)> Calls { get; } = [];

        public IReadOnlyList<RenderEvent> Find(long start, long end, IReadOnlyList<string> tags)
        {
            Calls.Add((start, end, tags));
            return [.. events.Where(e => e.WhenSeconds >= start && e.WhenSeconds <= end && tags.All(e.Tags.Contains))];
        }
    }

    private static List<Mine.Query.Series.TimeSeries> Evaluate(string target, IEventSource? events, long span = 10)
    {
        var context = new FunctionTestKit().Context(Start, Start + span) with { Events = events };
        return TargetEvaluator.Default.Evaluate([target], context);
    }

    [Fact]
    public void Counts_events_per_second()
    {
        var source = new FakeEvents(
            new RenderEvent(Start + 1, "deploy", ["web", "prod"], ""),
            new RenderEvent(Start + 1, "deploy", ["web"], ""),
            new RenderEvent(Start + 4, "restart", ["db"], ""),
            new RenderEvent(Start + 10, "late", ["web"], ""));
        var series = Assert.Single(Evaluate("events(\"*\")", source));
        Assert.Equal("events(\"*\") [None, 2.0, None, None, 1.0, None, None, None, None, None]", FunctionTestKit.Describe([series]));
        var call = source.Calls.Single();
        Assert.Equal((Start, Start + 10), (call.Start, call.End));
        Assert.Empty(call.Tags);
        Assert.Equal(Start, series.Start);
        Assert.Equal(Start + 10, series.End);
        Assert.Equal(1, series.Step);
        Assert.Equal("sum", series.ConsolidationFunc);
    }

    [Fact]
    public void Filters_by_every_tag()
    {
        var source = new FakeEvents(new RenderEvent(Start + 1, "deploy", ["web", "prod"], ""), new RenderEvent(Start + 2, "deploy", ["web"], ""));
        var series = Assert.Single(Evaluate("events(\"web\", \"prod\")", source, span: 3));
        Assert.Equal("events(\"web\", \"prod\") [None, 1.0, None]", FunctionTestKit.Describe([series]));
        Assert.Equal(["web", "prod"], source.Calls.Single().Tags);
    }

    [Fact]
    public void Without_an_event_source_every_slot_is_none()
        => Assert.Equal("events(\"a\", \"b\") [None, None, None]", FunctionTestKit.Describe(Evaluate("events('a', 'b')", null, span: 3)));

    [Fact]
    public void Needs_a_tag()
    {
        var error = Assert.Throws<QueryArgumentException>(() => Evaluate("events()", null));
        Assert.StartsWith("Missing required parameter \"tags\" for function \"events\"", error.Message, StringComparison.Ordinal);
    }
}
