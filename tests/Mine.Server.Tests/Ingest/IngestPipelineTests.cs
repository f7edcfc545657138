using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Mine.Core.Health;
using Mine.Core.Ports;
using Mine.Core.Series;
using Mine.Hosting;
using Mine.Ingestion;

namespace Mine.Server.Tests.Ingest;

/// <summary>The writer survives what storage throws: bugs some input triggers, and a disk that refuses writes.</summary>
public class IngestPipelineTests
{
    private static readonly ListenerCounters Counters = new("plaintext", "tcp");

    [Fact]
    public async Task A_point_that_makes_storage_throw_is_isolated_and_the_rest_of_its_batch_and_later_batches_are_stored()
    {
        var sink = new RecordingSink { ThrowFor = "poison" };
        var counters = new ListenerCounters("plaintext", "tcp");
        await using (var pipeline = NewPipeline(sink, out _))
        {
            var batch = pipeline.RentBatch();
            for (var i = 0; i < 100; i++)
            {
                batch.Add(i == 37 ? "poison" : $"ok.{i}", 1000 + i, i);
            }

            await pipeline.SubmitAsync(batch, counters, "10.0.0.1", CancellationToken.None);
            var later = pipeline.RentBatch();
            later.Add("after.poison", 2000, 1);
            await pipeline.SubmitAsync(later, counters, "10.0.0.1", CancellationToken.None);
        }

        Assert.Equal(100, sink.Stored.Count);
        Assert.DoesNotContain("poison", sink.Stored);
        Assert.Contains("after.poison", sink.Stored);
        Assert.Contains("ok.36", sink.Stored);
        Assert.Contains("ok.38", sink.Stored);
        Assert.Equal(100, Interlocked.Read(ref counters.Accepted));
        Assert.Equal(1, Interlocked.Read(ref counters.Dropped));
    }

    [Fact]
    public async Task The_failed_point_is_counted_by_the_pipeline()
    {
        var sink = new RecordingSink { ThrowFor = "poison" };
        var pipeline = NewPipeline(sink, out _);
        var batch = pipeline.RentBatch();
        batch.Add("poison", 1, 1);
        batch.Add("fine", 1, 1);
        await pipeline.SubmitAsync(batch, Counters, CancellationToken.None);
        await pipeline.DisposeAsync();
        Assert.Equal(1, pipeline.PointsFailed);
        Assert.Equal(1, pipeline.PointsIngested);
    }

    [Fact]
    public async Task While_storage_refuses_writes_the_batch_is_held_the_queue_fills_and_nothing_is_lost_when_it_recovers()
    {
        var sink = new RecordingSink { Refusing = true };
        var pipeline = NewPipeline(sink, out var registry, queuedBatches: 2);
        var submits = new List<Task>();
        for (var i = 0; i < 5; i++)
        {
            var batch = pipeline.RentBatch();
            batch.Add($"held.{i}", 1000, i);
            submits.Add(pipeline.SubmitAsync(batch, Counters, "10.0.0.2", CancellationToken.None).AsTask());
        }

        // One batch held by the writer, two queued: the remaining senders wait (TCP back-pressure).
        await WaitUntil(() => pipeline.Holding && pipeline.QueuedBatches == 2 && sink.Refusals >= 2);
        Assert.Contains(submits, static t => !t.IsCompleted);
        Assert.Equal(LoopState.Failing, pipeline.Health.Snapshot().State);
        Assert.Equal(LoopImportance.Critical, registry.Snapshots().Single(s => s.Snapshot.Name == "ingest-writer").Importance);
        Assert.True(pipeline.WriteRetries >= 1);

        sink.Refusing = false;
        await Task.WhenAll(submits);
        await pipeline.DisposeAsync();
        // Five concurrent senders: every batch is stored once; their order among each other is not promised.
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"held.{i}"), sink.Stored.Order(StringComparer.Ordinal));
        Assert.False(pipeline.Holding);
        Assert.Equal(5, pipeline.PointsIngested);
    }

    [Fact]
    public async Task Shutdown_does_not_hang_when_storage_keeps_refusing_and_counts_what_it_gave_up()
    {
        var sink = new RecordingSink { Refusing = true };
        var pipeline = NewPipeline(sink, out _);
        var batch = pipeline.RentBatch();
        batch.Add("never.stored", 1000, 1);
        await pipeline.SubmitAsync(batch, Counters, CancellationToken.None);
        await WaitUntil(() => pipeline.Holding);
        await pipeline.DisposeAsync();
        Assert.Equal(1, pipeline.PointsLost);
        Assert.Empty(sink.Stored);
    }

    [Fact]
    public async Task When_the_queue_stays_full_a_udp_batch_is_dropped_and_counted_instead_of_blocking()
    {
        var sink = new RecordingSink { Refusing = true };
        var counters = new ListenerCounters("plaintext", "udp");
        var pipeline = NewPipeline(sink, out _, queuedBatches: 1);
        var first = pipeline.RentBatch();
        first.Add("a", 1, 1);
        await pipeline.SubmitAsync(first, counters, CancellationToken.None);
        await WaitUntil(() => pipeline.Holding);
        var second = pipeline.RentBatch();
        second.Add("b", 1, 1);
        Assert.True(await pipeline.SubmitOrDropAsync(second, counters, null, TimeSpan.FromMilliseconds(50), CancellationToken.None));
        var third = pipeline.RentBatch();
        third.Add("c", 1, 1);
        third.Add("d", 1, 1);
        Assert.False(await pipeline.SubmitOrDropAsync(third, counters, null, TimeSpan.FromMilliseconds(50), CancellationToken.None));
        Assert.Equal(2, Interlocked.Read(ref counters.QueueFullDropped));
        sink.Refusing = false;
        await pipeline.DisposeAsync();
        Assert.Equal(["a", "b"], sink.Stored);
    }

    [Fact]
    public async Task Each_source_creates_new_series_within_its_own_allowance()
    {
        var sink = new RecordingSink();
        var counters = new ListenerCounters("plaintext", "tcp");
        await using (var pipeline = NewPipeline(sink, out _, newSeriesPerMinute: 3))
        {
            foreach (var source in new[] { "10.0.0.1", "10.0.0.2" })
            {
                var batch = pipeline.RentBatch();
                for (var i = 0; i < 5; i++)
                {
                    batch.Add($"{source}.s{i}", 1000, i);
                }

                await pipeline.SubmitAsync(batch, counters, source, CancellationToken.None);
            }

            var selfMetrics = pipeline.RentBatch();
            for (var i = 0; i < 5; i++)
            {
                selfMetrics.Add($"mine.s{i}", 1000, i);
            }

            await pipeline.SubmitAsync(selfMetrics, counters, CancellationToken.None);
        }

        Assert.Equal(3 + 3 + 5, sink.Stored.Count);
        Assert.Equal(4, Interlocked.Read(ref counters.SeriesLimited));
        Assert.Contains("10.0.0.2.s2", sink.Stored);
        Assert.DoesNotContain("10.0.0.1.s3", sink.Stored);
    }

    [Fact]
    public void The_allowance_refills_over_a_minute_and_forgets_no_source_early()
    {
        var now = 0L;
        var allowance = new NewSeriesAllowance(600, nowMs: () => now);
        Assert.Equal(600, allowance.Available("a"));
        allowance.Consume("a", 600);
        Assert.Equal(0, allowance.Available("a"));
        now += 10_000; // a sixth of a minute
        Assert.Equal(100, allowance.Available("a"));
        now += 120_000;
        Assert.Equal(600, allowance.Available("a"));
        Assert.Equal(int.MaxValue, allowance.Available(null));
        Assert.Equal(int.MaxValue, new NewSeriesAllowance(0).Available("a"));
    }

    [Fact]
    public void A_burst_the_size_of_a_fleet_is_allowed_at_once_then_the_rate_applies()
    {
        // A relay forwarding a whole fleet to a fresh Mine creates every series in its first seconds.
        var now = 0L;
        var allowance = new NewSeriesAllowance(600, burst: 5_000, nowMs: () => now);
        Assert.Equal(5_000, allowance.Available("relay"));
        allowance.Consume("relay", 5_000);
        now += 30_000;
        Assert.Equal(300, allowance.Available("relay"));
        now += 3_600_000;
        Assert.Equal(5_000, allowance.Available("relay"));
        Assert.Equal(600, new NewSeriesAllowance(600, burst: 10).Available("small burst is at least a minute's rate"));
    }

    internal static IngestPipeline NewPipeline(IPointSink sink, out LoopRegistry registry, int queuedBatches = 8, int newSeriesPerMinute = 0, int newSeriesBurst = 0)
    {
        registry = new LoopRegistry();
        var supervisor = new LoopSupervisor(registry, NullLogger<LoopSupervisor>.Instance);
        return new IngestPipeline(sink,
            new IngestPipelineOptions { QueuedBatches = queuedBatches, MaxNewSeriesPerSourcePerMinute = newSeriesPerMinute, NewSeriesBurstPerSource = newSeriesBurst, FirstRetryDelay = TimeSpan.FromMilliseconds(5), MaxRetryDelay = TimeSpan.FromMilliseconds(20) },
            (health, loop, stopping) => supervisor.RunAsync(health, LoopImportance.Critical, loop, stopping),
            NullLogger.Instance);
    }

    internal static async Task WaitUntil(Func<bool> condition, int timeoutMs = 15_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException("condition not reached");
            }

            await Task.Delay(5);
        }
    }

    /// <summary>Storage stand-in: records accepted names, creates series within the allowance, throws on demand.</summary>
    internal sealed class RecordingSink : IPointSink
    {
        private readonly HashSet<string> _series = new(StringComparer.Ordinal);
        private int _refusals;

        public List<string> Stored { get; } = [];

        public string? ThrowFor { get; init; }

        public volatile bool Refusing;

        public int Refusals => Volatile.Read(ref _refusals);

        public int Write(PointBatch batch) => Write(batch, int.MaxValue).Accepted;

        public PointWriteResult Write(PointBatch batch, int newSeriesAllowance)
        {
            if (Refusing)
            {
                Interlocked.Increment(ref _refusals);
                throw new IOException("No space left on device");
            }

            var names = Enumerable.Range(0, batch.Count).Select(i => Encoding.UTF8.GetString(batch.Name(i))).ToList();
            if (ThrowFor is not null && names.Contains(ThrowFor))
            {
                throw new InvalidOperationException($"storage bug triggered by {ThrowFor}");
            }

            int accepted = 0, limited = 0, created = 0;
            foreach (var name in names)
            {
                if (!_series.Contains(name))
                {
                    if (created >= newSeriesAllowance)
                    {
                        limited++;
                        continue;
                    }

                    _series.Add(name);
                    created++;
                }

                Stored.Add(name);
                accepted++;
            }

            return new PointWriteResult(batch.Count, accepted, 0, 0, 0, limited, created);
        }
    }
}
