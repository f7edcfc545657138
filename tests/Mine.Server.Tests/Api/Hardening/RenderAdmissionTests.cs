using System.Net;

namespace Mine.Server.Tests.Api.Hardening;

/// <summary>
/// Renders wait for one of a bounded number of slots and are refused with 503 and Retry-After beyond the queue;
/// their work runs on render threads at a lower priority than ingest.
/// </summary>
public class RenderAdmissionTests
{
    /// <summary>A render that computes until its time limit (hours of sorting otherwise).</summary>
    private const string Slow = "/render?format=json&from=-1d&target=movingMedian(sinFunction('s',1,1),20000)";

    [Fact]
    public async Task Beyond_the_slots_and_the_queue_a_render_gets_503_with_retry_after()
    {
        await using var server = await MineTestServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Mine:MaxConcurrentRenders"] = "1",
            ["Mine:MaxQueuedRenders"] = "0",
            ["Mine:MaxQuerySeconds"] = "25",
        });
        using var slow = new CancellationTokenSource();
        var running = server.Http.GetAsync(Slow, slow.Token);
        await server.WaitForMetricAsync("mine_render_in_progress", 1);

        var refused = await server.Http.GetAsync("/render?format=json&target=constantLine(1)");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Contains("MaxConcurrentRenders", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1.0, await server.MetricAsync("mine_render_refused_total"));

        // The client going away ends the slow render (its cancellation reaches the function's loop) and frees the slot.
        await slow.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        await server.WaitForMetricAsync("mine_render_in_progress", 0, below: true);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/render?format=json&target=constantLine(1)")).StatusCode);
    }

    [Fact]
    public async Task A_queued_render_runs_when_a_slot_frees()
    {
        await using var server = await MineTestServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Mine:MaxConcurrentRenders"] = "1",
            ["Mine:MaxQueuedRenders"] = "1",
            ["Mine:MaxQuerySeconds"] = "25",
        });
        using var slow = new CancellationTokenSource();
        var running = server.Http.GetAsync(Slow, slow.Token);
        await server.WaitForMetricAsync("mine_render_in_progress", 1);
        var queued = server.Http.GetAsync("/render?format=json&target=constantLine(1)");
        await server.WaitForMetricAsync("mine_render_in_progress", 2);

        await slow.CancelAsync();
        Assert.Equal(HttpStatusCode.OK, (await queued).StatusCode);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    [Fact]
    public async Task Render_threads_run_at_the_configured_lower_priority()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // nice values are Linux's
        }

        await using var server = await MineTestServer.StartAsync(settings: new Dictionary<string, string?> { ["Mine:RenderNice"] = "7" });
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/render?format=json&target=constantLine(1)")).StatusCode);

        var nices = new List<int>();
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            var comm = File.ReadAllText(Path.Combine(task, "comm")).Trim();
            if (comm.StartsWith("mine-render-", StringComparison.Ordinal) && comm != "mine-render-res")
            {
                // Fields after the command name (which is in parentheses); nice is the 19th field of the line.
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                nices.Add(int.Parse(fields[16], System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        Assert.NotEmpty(nices);
        Assert.Contains(7, nices);
    }
}
