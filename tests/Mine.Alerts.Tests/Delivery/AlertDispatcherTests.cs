using System.Net;
using Mine.Alerts.Delivery;

namespace Mine.Alerts.Tests.Delivery;

/// <summary>The dispatcher over a scripted HTTP handler (the real receiver is in Mine.Server.Tests' AlertWebhookTests).</summary>
public sealed class AlertDispatcherTests
{
    private static AlertNotification Alert(string host) => new("stale:" + host, AlertKind.Stale, AlertState.Firing, host, "web", host, 1, 2, null, host + " is stale", "/host/" + host);

    private static readonly DeliveryOptions Fast = new() { GroupSeconds = 0.2, RetryFirstSeconds = 0.01, RetryMaxSeconds = 0.04, RetryMaxAttempts = 4, TimeoutSeconds = 5 };

    [Fact]
    public async Task Alerts_arriving_together_go_out_as_one_message_per_webhook()
    {
        var handler = new ScriptedHandler();
        using var dispatcher = new AlertDispatcher([WebhookTarget.Parse("http://a.example/"), WebhookTarget.Parse("slack:http://b.example/")], Fast, new HttpClient(handler));
        using var stop = new CancellationTokenSource();
        var run = dispatcher.RunAsync(static () => { }, stop.Token);
        foreach (var host in new[] { "web-1", "web-2", "web-3" })
        {
            dispatcher.Enqueue(Alert(host));
        }

        await WaitUntil(() => dispatcher.Sent == 2);
        Assert.Equal(2, handler.Bodies.Count);
        Assert.All(handler.Bodies, static b => Assert.Contains("web-3", b, StringComparison.Ordinal));
        await Stop(stop, run);
    }

    [Fact]
    public async Task Server_errors_are_retried_with_backoff_until_delivered_and_client_errors_are_not()
    {
        var handler = new ScriptedHandler(HttpStatusCode.InternalServerError, HttpStatusCode.BadGateway, HttpStatusCode.OK, HttpStatusCode.BadRequest);
        using var dispatcher = new AlertDispatcher([WebhookTarget.Parse("http://a.example/")], Fast, new HttpClient(handler));
        using var stop = new CancellationTokenSource();
        var run = dispatcher.RunAsync(static () => { }, stop.Token);
        dispatcher.Enqueue(Alert("web-1"));
        await WaitUntil(() => dispatcher.Sent == 1);
        Assert.Equal((3, 2L), (handler.Bodies.Count, dispatcher.Retries));
        Assert.Equal(("delivered", 3, "HTTP 200"), (dispatcher.Deliveries[0].Result, dispatcher.Deliveries[0].Attempts, dispatcher.Deliveries[0].Detail));
        Assert.Null(dispatcher.Problem);

        dispatcher.Enqueue(Alert("web-2"));
        await WaitUntil(() => dispatcher.Failed == 1);
        Assert.Equal(("failed", 1, "HTTP 400"), (dispatcher.Deliveries[0].Result, dispatcher.Deliveries[0].Attempts, dispatcher.Deliveries[0].Detail));
        Assert.Contains("HTTP 400", dispatcher.Problem, StringComparison.Ordinal);
        await Stop(stop, run);
    }

    [Fact]
    public async Task A_webhook_that_keeps_failing_is_given_up_after_its_attempts()
    {
        var handler = new ScriptedHandler(Enumerable.Repeat(HttpStatusCode.ServiceUnavailable, 10).ToArray());
        using var dispatcher = new AlertDispatcher([WebhookTarget.Parse("http://a.example/")], Fast, new HttpClient(handler));
        using var stop = new CancellationTokenSource();
        var run = dispatcher.RunAsync(static () => { }, stop.Token);
        dispatcher.Enqueue(Alert("web-1"));
        await WaitUntil(() => dispatcher.Failed == 1);
        Assert.Equal((4, 3L, 0L), (handler.Bodies.Count, dispatcher.Retries, dispatcher.Sent));
        await Stop(stop, run);
    }

    [Fact]
    public void A_full_queue_drops_the_oldest_and_counts_it()
    {
        using var dispatcher = new AlertDispatcher([WebhookTarget.Parse("http://a.example/")], Fast with { QueueCapacity = 3 }, new HttpClient(new ScriptedHandler()));
        for (var i = 0; i < 5; i++)
        {
            dispatcher.Enqueue(Alert($"web-{i}"));
        }

        Assert.Equal((3, 2L), (dispatcher.QueueLength, dispatcher.Dropped));
        Assert.Equal(["firing stale:web-1"], dispatcher.Deliveries[0].Keys);
        Assert.Equal("dropped", dispatcher.Deliveries[0].Result);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = Environment.TickCount64 + 10_000;
        while (!condition())
        {
            Assert.True(Environment.TickCount64 < deadline, "timed out");
            await Task.Delay(10);
        }
    }

    private static async Task Stop(CancellationTokenSource stop, Task run)
    {
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    /// <summary>Answers each request with the next scripted status (200 once the script is used up).</summary>
    private sealed class ScriptedHandler(params HttpStatusCode[] statuses) : HttpMessageHandler
    {
        private int _next;

        public List<string> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = await request.Content!.ReadAsStringAsync(cancellationToken);
            lock (Bodies)
            {
                Bodies.Add(body);
                var status = _next < statuses.Length ? statuses[_next++] : HttpStatusCode.OK;
                return new HttpResponseMessage(status);
            }
        }
    }
}
