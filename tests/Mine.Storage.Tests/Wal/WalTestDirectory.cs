using System.Text;
using Mine.Storage.Wal;

namespace Mine.Storage.Tests.Wal;

/// <summary>A temporary WAL folder, deleted afterwards, plus helpers to read back what it holds.</summary>
internal sealed class WalTestDirectory : IDisposable
{
    public WalTestDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mine-wal-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public List<string> Log { get; } = [];

    public string SegmentPath(long segment) => System.IO.Path.Combine(Path, WalFormat.SegmentFileName(segment));

    public long[] Segments() => [.. WalFormat.ListSegments(Path)];

    /// <summary>Replays and returns the records as (type, UTF-8 payload) plus the summary.</summary>
    public (List<(byte Type, string Payload)> Records, WalReplaySummary Summary) Replay()
    {
        var records = new List<(byte, string)>();
        var summary = WalReader.Replay(Path, (type, payload) => records.Add((type, Encoding.UTF8.GetString(payload))), Log.Add);
        return (records, summary);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
