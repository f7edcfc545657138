using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mine.Server.Tests.Alerts;

/// <summary>A real HTTP server (Kestrel on 127.0.0.1, a free port) that records every webhook it gets, answering
/// each path with the statuses scripted for it (then 200).</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<int>> _script = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<(string Path, string Body, string ContentType)> Requests { get; } = new();

    public string Url(string path) => _app.Urls.First().TrimEnd('/') + path;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var path = context.Request.Path.Value ?? "/";
            receiver.Requests.Enqueue((path, body, context.Request.ContentType ?? ""));
            var status = receiver._script.TryGetValue(path, out var statuses) && statuses.TryDequeue(out var scripted) ? scripted : (int)HttpStatusCode.OK;
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>The next requests to <paramref name="path"/> are answered with these statuses.</summary>
    public void Answer(string path, params int[] statuses) => _script[path] = new ConcurrentQueue<int>(statuses);

    public List<string> BodiesOf(string path) => Requests.Where(r => r.Path == path).Select(static r => r.Body).ToList();

    /// <summary>Waits until <paramref name="path"/> got <paramref name="count"/> requests.</summary>
    public async Task<List<string>> WaitForAsync(string path, int count, int timeoutMs = 20_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (BodiesOf(path).Count < count)
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"{path} got {BodiesOf(path).Count} webhook(s), expected {count}: {string.Join(" | ", BodiesOf(path))}");
            }

            await Task.Delay(50);
        }

        return BodiesOf(path);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
