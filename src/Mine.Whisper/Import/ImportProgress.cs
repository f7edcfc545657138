using System.Diagnostics;
using System.Globalization;

namespace Mine.Whisper.Import;

/// <summary>
/// Counts of an import, safe to bump from every worker, and the way they are shown: a bar redrawn in place on a
/// terminal (files, points, rate, ETA), a plain line every 10 s otherwise (a log, a pipe, CI).
/// </summary>
public sealed class ImportProgress(int totalFiles, TextWriter output, bool terminal)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _files, _skippedDone, _points, _kept, _refused, _errors, _series;
    private TimeSpan? _lastShown; // null until the first showing

    public int TotalFiles => totalFiles;

    public long Files => Interlocked.Read(ref _files);

    public long SkippedAsDone => Interlocked.Read(ref _skippedDone);

    public long SeriesCreated => Interlocked.Read(ref _series);

    public long Points => Interlocked.Read(ref _points);

    public long Kept => Interlocked.Read(ref _kept);

    public long Refused => Interlocked.Read(ref _refused);

    public long Errors => Interlocked.Read(ref _errors);

    public TimeSpan Elapsed => _clock.Elapsed;

    public void FileDone(SeriesImportResult result)
    {
        Interlocked.Increment(ref _files);
        Interlocked.Add(ref _points, result.Written);
        Interlocked.Add(ref _kept, result.Kept);
        Interlocked.Add(ref _refused, result.Refused);
        if (result.Created)
        {
            Interlocked.Increment(ref _series);
        }
    }

    public void FileSkippedAsDone() => Interlocked.Increment(ref _skippedDone);

    public void FileFailed() => Interlocked.Increment(ref _errors);

    /// <summary>Shows the counts if it is time to (called by one thread only).</summary>
    public void Show(bool final = false)
    {
        var now = _clock.Elapsed;
        if (!final && _lastShown is { } last && now - last < (terminal ? TimeSpan.FromMilliseconds(200) : TimeSpan.FromSeconds(10)))
        {
            return;
        }

        _lastShown = now;
        var handled = Files + Errors;
        var toDo = totalFiles - SkippedAsDone;
        var rate = Points / Math.Max(now.TotalSeconds, 0.001);
        var eta = handled == 0 || final ? "" : $" ETA {Format(TimeSpan.FromSeconds(now.TotalSeconds / handled * (toDo - handled)))}";
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{handled:N0}/{toDo:N0} files, {Points:N0} points, {rate:N0} points/s, {Errors:N0} errors, {Format(now)}{eta}");
        if (terminal)
        {
            const int Width = 24;
            var filled = toDo == 0 ? Width : (int)(Width * handled / toDo);
            output.Write($"\r[{new string('#', filled)}{new string('.', Width - filled)}] {line}\u001b[K");
            if (final)
            {
                output.WriteLine();
            }
        }
        else
        {
            output.WriteLine(line);
        }

        output.Flush();
    }

    private static string Format(TimeSpan span) => span.TotalHours >= 1
        ? span.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
        : span.ToString(@"m\:ss", CultureInfo.InvariantCulture);
}
