using System.Collections.Concurrent;
using Mine.Core.Ports;
using Mine.Whisper.Format;
using Mine.Whisper.Reading;

namespace Mine.Whisper.Import;

/// <param name="Root">The carbon storage folder (carbon's LOCAL_DATA_DIR).</param>
/// <param name="Now">The time the files are read at: a point is imported when whisper's fetch at this time returns it.</param>
/// <param name="JournalPath">Where finished files are listed, so an interrupted import resumes.</param>
/// <param name="HashedNames">Names of tagged series carbon stored under their hash (graphite-web's tag database).</param>
public sealed record WhisperImportOptions(string Root, string? Prefix, int Jobs, ConflictPolicy OnConflict, long Now, string JournalPath, TaggedNameTable? HashedNames = null);

/// <summary>A file that could not be imported, and why.</summary>
public sealed record ImportError(string File, string Reason);

/// <summary>What an import did: the counts and every file that failed.</summary>
public sealed record ImportSummary(int Files, long Imported, long SkippedAsDone, long SeriesCreated, long Points, long Kept, long Refused, IReadOnlyList<ImportError> Errors, TimeSpan Elapsed);

/// <summary>
/// Imports every whisper file under a folder into a target (docs/whisper-import.md): files in parallel, each read
/// whole and handed over as one series, marked done in the journal once the target acknowledged it. A damaged file is
/// reported and skipped; nothing stops the import but a cancellation or the target failing.
/// </summary>
public sealed class WhisperImporter(IWhisperImportTarget target, WhisperImportOptions options)
{
    public ImportSummary Run(TextWriter output, bool terminal, CancellationToken cancellation)
    {
        var files = WhisperTree.Files(options.Root);
        using var journal = ImportJournal.Open(options.JournalPath);
        var progress = new ImportProgress(files.Count, output, terminal);
        var errors = new ConcurrentQueue<ImportError>();
        var workers = Task.Factory.StartNew(
            () => Parallel.ForEach(
                System.Collections.Concurrent.Partitioner.Create(files, EnumerablePartitionerOptions.NoBuffering),
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Jobs), CancellationToken = cancellation },
                () => new Worker(),
                (file, _, worker) =>
                {
                    ImportOne(file, worker, journal, progress, errors);
                    return worker;
                },
                _ => { }),
            cancellation, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        while (!workers.Wait(200, CancellationToken.None))
        {
            progress.Show();
            journal.Flush();
        }

        progress.Show(final: true);
        return new ImportSummary(files.Count, progress.Files, progress.SkippedAsDone, progress.SeriesCreated, progress.Points,
            progress.Kept, progress.Refused, [.. errors.OrderBy(e => e.File, StringComparer.Ordinal)], progress.Elapsed);
    }

    private void ImportOne(string file, Worker worker, ImportJournal journal, ImportProgress progress, ConcurrentQueue<ImportError> errors)
    {
        if (journal.IsDone(file))
        {
            progress.FileSkippedAsDone();
            return;
        }

        var name = WhisperTree.SeriesName(file, options.Prefix, out var problem, options.HashedNames);
        if (name is null)
        {
            Fail(file, problem!, progress, errors);
            return;
        }

        IReadOnlyList<ArchivePoints> archives;
        WhisperHeader header;
        try
        {
            using var whisper = WhisperFile.Open(Path.Combine(options.Root, file));
            header = whisper.Header;
            archives = worker.For(header.Archives.Count);
            for (var i = 0; i < archives.Count; i++)
            {
                whisper.ReadArchive(i, options.Now, archives[i]);
            }
        }
        catch (Exception e) when (e is WhisperFormatException or IOException or UnauthorizedAccessException)
        {
            // The file is at fault (damaged, unreadable, gone): report it and go on with the others.
            Fail(file, e.Message, progress, errors);
            return;
        }

        // The target's failures (Mine's disk full, the server gone) are not the file's: they stop the import.
        var result = target.Import(name, header, archives, options.OnConflict);
        if (result.Refused > 0 && result.Reason is { } reason)
        {
            errors.Enqueue(new ImportError(file, $"{result.Refused} of {result.Offered} points refused: {reason}"));
        }

        journal.MarkDone(file);
        progress.FileDone(result);
    }

    private static void Fail(string file, string reason, ImportProgress progress, ConcurrentQueue<ImportError> errors)
    {
        errors.Enqueue(new ImportError(file, reason));
        progress.FileFailed();
    }

    /// <summary>One worker's reusable point buffers, one per archive.</summary>
    private sealed class Worker
    {
        private readonly List<ArchivePoints> _archives = [];

        public IReadOnlyList<ArchivePoints> For(int count)
        {
            while (_archives.Count < count)
            {
                _archives.Add(new ArchivePoints());
            }

            return _archives.Count == count ? _archives : _archives.GetRange(0, count);
        }
    }
}
