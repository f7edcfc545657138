using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Mine.Api;
using Mine.Core.Series;
using Mine.Query.Evaluation;

namespace Mine.Server.Tests.Api;

/// <summary>
/// A bug (an exception that is not a user error) answers 500 with a sentence and no exception text, and is logged at
/// error level with the path; a user error stays a 400 with its message. The endpoint below is /render's shape (the
/// evaluator behind <see cref="ApiErrors"/>, under <see cref="InternalErrors"/>) over a source that fails inside.
/// </summary>
public class InternalErrorTests
{
    [Theory]
    [InlineData("state")]
    [InlineData("argument")]
    public async Task An_exception_from_inside_a_series_source_is_a_500_and_a_log_line(string failure)
    {
        var log = new ListLogger<InternalErrorTests>();
        await using var app = await StartAsync(log, new FailingSource(failure));

        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        var response = await http.GetAsync("/render?target=sumSeries(a.*)");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(InternalErrors.Message + "\n", body);
        Assert.DoesNotContain("disk", body, StringComparison.Ordinal);
        var line = Assert.Single(log.Entries);
        Assert.Equal(LogLevel.Error, line.Level);
        Assert.Contains("GET /render", line.Message, StringComparison.Ordinal);
        Assert.Contains("the disk is on fire", line.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_target_is_still_a_400_with_its_message_and_no_log_line()
    {
        var log = new ListLogger<InternalErrorTests>();
        await using var app = await StartAsync(log, new FailingSource("state"));

        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        var response = await http.GetAsync("/render?target=" + Uri.EscapeDataString("scale(a.*,2))"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("Invalid target", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(log.Entries);
    }

    [Fact]
    public async Task On_the_server_a_bad_target_is_a_400_with_its_message()
    {
        await using var server = await MineTestServer.StartAsync();
        var response = await server.Http.GetAsync("/render?format=json&target=" + Uri.EscapeDataString("noSuchFunction(a.*)"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Received request for unknown function: noSuchFunction\n", await response.Content.ReadAsStringAsync());

        // Found by asking for odd things once ArgumentException stopped meaning 400: a graph whose buckets end
        // millennia away cannot label its time axis, which is the request's to change, not a bug.
        await server.SendPlaintextAsync($"a.b 1 {DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60}\n");
        await server.WaitForMetricAsync("mine_points_ingested_total", 1);
        var graph = await server.Http.GetAsync("/render?from=-1h&target=" + Uri.EscapeDataString("summarize(a.b,\"9000y\")"));
        Assert.Equal(HttpStatusCode.BadRequest, graph.StatusCode);
        Assert.Contains("reaches past the years 1 to 9999", await graph.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<WebApplication> StartAsync(ILogger logger, ISeriesSource source)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.UseInternalErrors(logger);
        app.MapGet("/render", (Func<HttpContext, Task<IResult>>)(http => ApiErrors.HandleAsync(() =>
        {
            var evaluation = new EvaluationContext { StartSeconds = 1_700_000_000, EndSeconds = 1_700_003_600, NowSeconds = 1_700_003_600, Source = source };
            var series = TargetEvaluator.Default.Evaluate([http.Request.Query["target"].ToString()], evaluation);
            return Task.FromResult(Results.Text($"{series.Count} series"));
        })));
        await app.StartAsync();
        return app;
    }

    /// <summary>A source with a bug: an <see cref="InvalidOperationException"/> or an <see cref="ArgumentException"/> from inside.</summary>
    private sealed class FailingSource(string failure) : ISeriesSource
    {
        public IReadOnlyList<FetchedSeries> FetchPath(string pathExpression, long start, long end, long now, SeriesReadLimits limits)
            => failure == "argument" ? throw new ArgumentException("the disk is on fire", nameof(pathExpression)) : throw new InvalidOperationException("the disk is on fire");

        public IReadOnlyList<FetchedSeries> FetchTagged(IReadOnlyList<string> tagExpressions, long start, long end, long now, SeriesReadLimits limits) => [];
    }
}
