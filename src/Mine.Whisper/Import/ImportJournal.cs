using System.Text;

namespace Mine.Whisper.Import;

/// <summary>
/// The files an import has finished, one relative path per line, appended only after the target acknowledged every
/// point of the file (durable). A resumed import skips them; a file cut off by an interrupt is imported again, which
/// is harmless: the same points land in the same slots.
/// </summary>
public sealed class ImportJournal : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly HashSet<string> _done;
    private readonly Lock _gate = new();

    private ImportJournal(StreamWriter writer, HashSet<string> done)
    {
        _writer = writer;
        _done = done;
    }

    public int DoneAtStart { get; private init; }

    public static ImportJournal Open(string path)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        if (File.Exists(path))
        {
            var text = File.ReadAllText(path, Encoding.UTF8);
            var complete = text.LastIndexOf('\n') + 1; // a last line without its newline was cut by a crash
            foreach (var line in text[..complete].Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                done.Add(line);
            }

            if (complete < text.Length)
            {
                using var cut = new FileStream(path, FileMode.Open, FileAccess.Write);
                cut.SetLength(Encoding.UTF8.GetByteCount(text.AsSpan(0, complete)));
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        return new ImportJournal(new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = false }, done) { DoneAtStart = done.Count };
    }

    public bool IsDone(string relativePath)
    {
        lock (_gate)
        {
            return _done.Contains(relativePath);
        }
    }

    public void MarkDone(string relativePath)
    {
        lock (_gate)
        {
            if (_done.Add(relativePath))
            {
                _writer.Write(relativePath);
                _writer.Write('\n');
            }
        }
    }

    /// <summary>Writes what was marked to disk (called every few seconds and at the end).</summary>
    public void Flush()
    {
        lock (_gate)
        {
            _writer.Flush();
            ((FileStream)_writer.BaseStream).Flush(flushToDisk: true);
        }
    }

    public void Dispose()
    {
        Flush();
        _writer.Dispose();
    }
}
