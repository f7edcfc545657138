using BenchmarkDotNet.Attributes;
using Mine.Storage.Wal;

namespace Mine.Benchmarks.Storage;

/// <summary>
/// WAL append throughput with <see cref="WalSyncMode.None"/> (the cost of framing, checksumming and the write call;
/// fsync cost is the disk's). Reported per record (OperationsPerInvoke).
/// Run: dotnet run -c Release --project bench/Mine.Benchmarks -- --filter '*WalAppend*' --job short
/// </summary>
[MemoryDiagnoser]
public class WalAppendBenchmarks : IDisposable
{
    private const int RecordsPerInvoke = 1000;
    private const int RecordsPerBatch = 100;

    private string _directory = "";
    private WalWriter? _writer;
    private WalBatch? _batch;
    private byte[] _payload = [];
    private long _lastSegment;

    [Params(64, 1024)]
    public int PayloadBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "mine-wal-bench-" + Guid.NewGuid().ToString("N"));
        _writer = WalWriter.Open(_directory, new WalOptions { SyncMode = WalSyncMode.None });
        _batch = new WalBatch(RecordsPerBatch * (PayloadBytes + 16));
        _payload = new byte[PayloadBytes];
        new Random(1).NextBytes(_payload);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _writer?.Dispose();
            _writer = null;
            _batch?.Dispose();
            _batch = null;
        }
    }

    /// <summary>One write call per record.</summary>
    [Benchmark(OperationsPerInvoke = RecordsPerInvoke)]
    public long AppendEach()
    {
        long segment = 0;
        for (var i = 0; i < RecordsPerInvoke; i++)
        {
            segment = _writer!.Append(1, _payload);
        }

        DropClosedSegments(segment);
        return segment;
    }

    /// <summary>One write call per 100 records.</summary>
    [Benchmark(OperationsPerInvoke = RecordsPerInvoke)]
    public long AppendBatched()
    {
        long segment = 0;
        for (var i = 0; i < RecordsPerInvoke; i += RecordsPerBatch)
        {
            _batch!.Clear();
            for (var j = 0; j < RecordsPerBatch; j++)
            {
                _batch.Add(1, _payload);
            }

            segment = _writer!.Append(_batch);
        }

        DropClosedSegments(segment);
        return segment;
    }

    /// <summary>Segments pile up during a run (one per 64 MiB); drop closed ones so the disk does not fill.</summary>
    private void DropClosedSegments(long current)
    {
        if (current != _lastSegment)
        {
            _writer!.RemoveSegmentsBefore(current);
            _lastSegment = current;
        }
    }
}
