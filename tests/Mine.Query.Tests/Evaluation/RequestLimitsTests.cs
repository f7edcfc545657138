using Mine.Core.Series;
using Mine.Query.Evaluation;
using Mine.Query.Targets;
using Mine.Query.Tests.Functions;
using Xunit;

namespace Mine.Query.Tests.Evaluation;

/// <summary>
/// Every limit of a render request is checked before the memory or time it guards is spent: reads and function
/// arrays are reserved before they are allocated, and the time limit is checked inside the work.
/// </summary>
public class RequestLimitsTests
{
    private const long Day = 86_400;

    private static FunctionTestKit Kit() => new FunctionTestKit().Add("a.b", 1, 2, 3, 4).Add("a.c", 5, 6, 7, 8);

    private static QueryArgumentException Refused(string target, EvaluationContext context)
        => Assert.Throws<QueryArgumentException>(() => TargetEvaluator.Default.Evaluate([target], context));

    [Fact]
    public void A_read_over_the_point_limit_is_refused_before_any_value_is_read()
    {
        var kit = Kit();
        var context = kit.Context() with { Limits = new QueryLimits { MaxPoints = 7 } };
        Assert.Contains("MaxPointsPerRequest", Refused("a.*", context).Message, StringComparison.Ordinal);
        Assert.Equal(0, kit.PointsRead);
    }

    [Fact]
    public void Every_read_counts_against_the_memory_budget_even_of_the_same_path()
    {
        var kit = Kit();
        var budget = new QueryLimits { MaxMemoryBytes = 8 * sizeof(double) };
        Assert.Equal(2, TargetEvaluator.Default.Evaluate(["group(a.b, a.b)"], kit.Context() with { Limits = budget }).Count);

        var error = Refused("group(a.b, a.b, a.b)", kit.Context() with { Limits = budget });
        Assert.Contains("MaxRequestMemoryMB", error.Message, StringComparison.Ordinal);
        Assert.Contains("Reading a.b", error.Message, StringComparison.Ordinal);
        Assert.Equal(16, kit.PointsRead); // two reads in each request; the refused third read handed out nothing
    }

    [Fact]
    public void A_function_result_is_refused_before_it_is_allocated()
    {
        // time("t", 1) over ten years would be 315 million values (2.5 GB).
        var kit = Kit();
        var context = kit.Context(from: FunctionTestKit.Start - (3650 * Day), until: FunctionTestKit.Start);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var error = Refused("time(\"t\", 1)", context);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocated < 16 << 20, "refused before allocating");
        Assert.Contains("timeFunction()", error.Message.Replace("time()", "timeFunction()", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("MaxPointsPerRequest", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("summarize(a.b, \"1s\")")]
    [InlineData("smartSummarize(a.b, \"1s\")")]
    [InlineData("hitcount(a.b, \"1s\")")]
    [InlineData("sinFunction(\"s\", 1, 1)")]
    [InlineData("randomWalk(\"r\", 1)")]
    public void Functions_whose_size_comes_from_their_arguments_are_refused_before_allocating(string target)
    {
        var kit = new FunctionTestKit().AddAt("a.b", FunctionTestKit.Start - (3650 * Day), 3650 * Day, 1, 2);
        var context = kit.Context(from: FunctionTestKit.Start - (3650 * Day), until: FunctionTestKit.Start);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var error = Refused(target, context);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocated < 16 << 20, "refused before allocating");
        Assert.Contains("MaxPointsPerRequest", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Function_allocations_add_up_against_the_memory_budget()
    {
        // Each derivative() is small, but a request's allocations together may not pass the budget.
        var kit = Kit();
        var budget = new QueryLimits { MaxMemoryBytes = 40 * sizeof(double) };
        var target = string.Concat(Enumerable.Repeat("derivative(", 12)) + "a.b" + new string(')', 12);
        Assert.Single(TargetEvaluator.Default.Evaluate(["derivative(derivative(a.b))"], kit.Context() with { Limits = budget }));
        var error = Refused(target, kit.Context() with { Limits = budget });
        Assert.Contains("MaxRequestMemoryMB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_function_loop_stops_when_the_request_is_cancelled()
    {
        // The source cancels the request during the function's own bootstrap read, after every check the
        // evaluator makes around calls: only a check inside movingMedian's loop can notice it.
        using var cancellation = new CancellationTokenSource();
        var kit = new FunctionTestKit().Add("a.b", [.. Enumerable.Range(0, 5000).Select(i => (double)i)]);
        var source = new CancellingSource(kit, cancelOnRead: 2, cancellation);
        var context = kit.Context() with { Source = source, CancellationToken = cancellation.Token };
        Assert.ThrowsAny<OperationCanceledException>(() => TargetEvaluator.Default.Evaluate(["movingMedian(a.b, 1000)"], context));
    }

    [Fact]
    public void A_catastrophic_regular_expression_is_stopped_with_a_400()
    {
        var kit = new FunctionTestKit().Add("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.b", 1).Add("a.b", 1);
        var error = Refused("grep(*.b, \"(a+)+$x\")", kit.Context());
        Assert.Contains("ran longer than", error.Message, StringComparison.Ordinal);

        // With less time left than a match may take, the request's own limit ends it, named as such.
        var short_ = kit.Context() with { Limits = new QueryLimits { MaxDuration = TimeSpan.FromMilliseconds(200) } };
        Assert.Contains("MaxQuerySeconds", Refused("grep(*.b, \"(a+)+$x\")", short_).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluation_depth_is_bounded_also_for_trees_the_parser_did_not_build()
    {
        TargetNode node = new PathNode("a.b");
        for (var i = 0; i < 20_000; i++)
        {
            node = new CallNode("scale", [node, new NumberNode(1, IsInteger: true)], [], "scale()");
        }

        var error = Assert.Throws<QueryArgumentException>(() => TargetEvaluator.Default.EvaluateSeries(node, Kit().Context()));
        Assert.Contains("TargetEvaluator.MaxNesting", error.Message, StringComparison.Ordinal);

        // The counter unwinds: the next evaluation on this thread is not affected.
        Assert.Single(TargetEvaluator.Default.Evaluate(["scale(a.b, 2)"], Kit().Context()));
    }

    [Fact]
    public void A_source_that_does_not_reserve_its_values_is_a_programming_error()
    {
        var kit = Kit();
        var context = kit.Context() with { Source = new UnreservedSource() };
        Assert.Throws<InvalidOperationException>(() => TargetEvaluator.Default.Evaluate(["a.b"], context));
    }

    private sealed class CancellingSource(FunctionTestKit inner, int cancelOnRead, CancellationTokenSource cancellation) : ISeriesSource
    {
        private int _reads;

        public IReadOnlyList<FetchedSeries> FetchPath(string pathExpression, long start, long end, long now, SeriesReadLimits limits)
        {
            var read = inner.FetchPath(pathExpression, start, end, now, limits);
            if (++_reads == cancelOnRead)
            {
                cancellation.Cancel();
            }

            return read;
        }

        public IReadOnlyList<FetchedSeries> FetchTagged(IReadOnlyList<string> tagExpressions, long start, long end, long now, SeriesReadLimits limits)
            => inner.FetchTagged(tagExpressions, start, end, now, limits);
    }

    private sealed class UnreservedSource : ISeriesSource
    {
        public IReadOnlyList<FetchedSeries> FetchPath(string pathExpression, long start, long end, long now, SeriesReadLimits limits)
            => [new FetchedSeries(pathExpression, FunctionTestKit.Start, FunctionTestKit.Start + 120, 60, [1, 2])];

        public IReadOnlyList<FetchedSeries> FetchTagged(IReadOnlyList<string> tagExpressions, long start, long end, long now, SeriesReadLimits limits) => [];
    }
}
