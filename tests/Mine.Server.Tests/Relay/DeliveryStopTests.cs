using System.Net;
using Mine.Core.Ports;
using Mine.Core.Series;
using Mine.Ingestion;
using Mine.Listeners;
using Mine.Relay.Buffer;
using Mine.Relay.Forward;
using Mine.Relaying;
using Mine.Server.Tests.Ingest;

namespace Mine.Server.Tests.Relay;

/// <summary>
/// serve's forward listener stopping while a chunk is on its way into storage, with the real pieces in between
/// (relay buffer, forward client, listener, dedup window, <see cref="PipelineChunkStore"/>, ingest pipeline) and a
/// storage stand-in that takes its time.
/// </summary>
public sealed class DeliveryStopTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mine-relay-stop-").FullName;

    [Fact]
    public async Task A_chunk_being_stored_when_serve_stops_is_remembered_so_that_its_resend_is_not_stored_again()
    {
        using var buffer = ChunkBuffer.Open(Path.Combine(_root, "buffer"), ["centre"], new ChunkBufferOptions { FlushInterval = TimeSpan.FromMilliseconds(1) });
        var batch = new PointBatch();
        for (var i = 0; i < 100; i++)
        {
            batch.Add($"stop.s{i}", 1_700_000_000, i);
        }

        await buffer.AppendAsync(0, batch, CancellationToken.None);
        await Task.Delay(20);
        Assert.Equal(1, buffer.SealDue());

        // First run: storage holds the chunk's batch while serve stops. As serve does, the listener stops first, then
        // the pipeline, which stores what it was given.
        var slow = new GatedSink();
        var pipeline = IngestPipelineTests.NewPipeline(slow, out _);
        var dedup = DedupWindow.Open(Path.Combine(_root, "data"));
        var listener = new ForwardListener(new IPEndPoint(IPAddress.Loopback, 0), new ForwardReceiverContext(new PipelineChunkStore(pipeline), dedup));
        listener.Start();
        var port = listener.LocalEndPoint.Port;
        var client = new ForwardClient("centre", buffer.Source(0), ForwardTcp.Connector("127.0.0.1", port), new ForwardClientOptions
        {
            FirstRetryDelay = TimeSpan.FromMilliseconds(20),
            MaxRetryDelay = TimeSpan.FromMilliseconds(200),
        });
        using var stopClient = new CancellationTokenSource();
        var running = client.RunAsync(stopClient.Token);
        try
        {
            await IngestPipelineTests.WaitUntil(() => slow.Writing);
            var stopping = listener.DisposeAsync().AsTask();
            await Task.Delay(300);
            slow.Release();
            await stopping;
            dedup.Dispose();
            await pipeline.DisposeAsync();
            Assert.Equal(100, slow.Stored);

            // Second run on the same folder: the relay never heard the chunk acknowledged and sends it again.
            var sink = new GatedSink();
            sink.Release();
            pipeline = IngestPipelineTests.NewPipeline(sink, out _);
            dedup = DedupWindow.Open(Path.Combine(_root, "data"));
            listener = new ForwardListener(new IPEndPoint(IPAddress.Loopback, port), new ForwardReceiverContext(new PipelineChunkStore(pipeline), dedup));
            listener.Start();
            await IngestPipelineTests.WaitUntil(() => buffer.Stats(0).ChunksQueued == 0);

            Assert.Equal(1, Interlocked.Read(ref listener.Counters.ChunksDuplicate));
            Assert.Equal(0, sink.Stored);
            await listener.DisposeAsync();
            dedup.Dispose();
            await pipeline.DisposeAsync();
        }
        finally
        {
            await stopClient.CancelAsync();
            await running;
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Storage that holds every write until <see cref="Release"/>, then counts the points it accepts.</summary>
    private sealed class GatedSink : IPointSink
    {
        private int _stored;
        private volatile bool _writing;
        private volatile bool _released;

        public bool Writing => _writing;

        public int Stored => Volatile.Read(ref _stored);

        public void Release() => _released = true;

        public int Write(PointBatch batch) => Write(batch, int.MaxValue).Accepted;

        public PointWriteResult Write(PointBatch batch, int newSeriesAllowance)
        {
            _writing = true;
            while (!_released)
            {
                Thread.Sleep(5);
            }

            Interlocked.Add(ref _stored, batch.Count);
            return new PointWriteResult(batch.Count, batch.Count, 0, 0, 0, 0, 0);
        }
    }
}
