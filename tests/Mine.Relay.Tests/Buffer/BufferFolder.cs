using Mine.Relay.Buffer;

namespace Mine.Relay.Tests.Buffer;

/// <summary>A fresh buffer folder (in /dev/shm when there is one: tests fsync a lot), deleted afterwards, and the
/// log lines the buffers opened on it wrote.</summary>
public sealed class BufferFolder : IDisposable
{
    private readonly List<string> _log = [];

    public BufferFolder()
    {
        var root = System.IO.Directory.Exists("/dev/shm") ? "/dev/shm" : System.IO.Path.GetTempPath();
        Path = System.IO.Path.Combine(root, "mine-buffer-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public ManualClock Clock { get; } = new();

    public IReadOnlyList<string> Log
    {
        get
        {
            lock (_log)
            {
                return [.. _log];
            }
        }
    }

    public ChunkBuffer Open(ChunkBufferOptions? options = null, params string[] keys) =>
        ChunkBuffer.Open(Path, keys.Length == 0 ? ["centre"] : keys, options ?? new ChunkBufferOptions(), Write, Clock);

    public string Destination(string key = "centre") => System.IO.Path.Combine(Path, key);

    public string[] Files(string key = "centre", string pattern = "*") =>
        [.. System.IO.Directory.GetFiles(Destination(key), pattern).Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal)!];

    public string[] Corrupt(string key = "centre")
    {
        var corrupt = System.IO.Path.Combine(Destination(key), "corrupt");
        return System.IO.Directory.Exists(corrupt) ? [.. System.IO.Directory.GetFiles(corrupt).Select(System.IO.Path.GetFileName)!] : [];
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Write(string line)
    {
        lock (_log)
        {
            _log.Add(line);
        }
    }
}
