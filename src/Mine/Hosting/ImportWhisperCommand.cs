using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Mine.Core.Ports;
using Mine.Storage.Engine;
using Mine.Storage.Wal;
using Mine.Whisper.Import;
using Mine.Whisper.Transfer;

namespace Mine.Hosting;

/// <summary>
/// <c>mine import-whisper</c> (docs/whisper-import.md): wires the options to <see cref="WhisperImporter"/> and a
/// target, the embedded store (<c>--data</c>, stopped) or a running Mine (<c>--to</c>). Exit codes: 0 every file
/// imported, 1 some failed (listed), 2 bad usage (one line naming the flag).
/// </summary>
internal static class ImportWhisperCommand
{
    public const int Failed = 1;
    public const int BadUsage = 2;

    public static Command Create()
    {
        var source = new Argument<string>("WHISPER_DIR") { Description = "carbon's storage folder (LOCAL_DATA_DIR): every *.wsp under it is imported." };
        var data = new Option<string?>("--data") { Description = "Import into this data folder of a stopped Mine (created if missing)." };
        var to = new Option<string?>("--to") { Description = "Import into a running Mine, http://HOST:PORT, while it ingests live data." };
        var prefix = new Option<string?>("--prefix") { Description = "Put every series under this prefix (P.path.of.file)." };
        var jobs = new Option<int>("--jobs") { Description = "Files read in parallel (default: the number of cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var onConflict = new Option<string>("--on-conflict") { Description = "keep (Mine's value of a slot stays, default) or overwrite (the file's wins).", DefaultValueFactory = _ => "keep" };
        var journal = new Option<string?>("--journal") { Description = "Where finished files are listed for resuming (default: DATA/import/ with --data, the current folder with --to)." };
        var adminToken = new Option<string?>("--admin-token") { Description = $"Admin token of the Mine given with --to (default: ${ImportAdminToken.Variable}, or --admin-token-file)." };
        var adminTokenFile = new Option<string?>("--admin-token-file") { Description = "File holding the admin token of the Mine given with --to, e.g. its DATA/admin-token (default for a Mine on this machine: ./data/admin-token when it exists)." };
        var tagNames = new Option<string?>("--tag-names") { Description = "Names of tagged series carbon stored under their hash (TAG_HASH_FILENAMES): graphite-web's address, http://HOST:PORT (its tag database is asked), or a file with one name per line." };
        var now = new Option<long?>("--now") { Description = "Unix time the files are read at (tests).", Hidden = true };
        var check = new Option<bool>("--check") { Description = "Import nothing: compare renders of a sample of the files between graphite-web (--against) and Mine (--mine)." };
        var against = new Option<string?>("--against") { Description = "With --check: graphite-web serving WHISPER_DIR, http://HOST:PORT." };
        var mineUrl = new Option<string>("--mine") { Description = "With --check: the Mine that imported them.", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var sample = new Option<int>("--sample") { Description = "With --check: how many files to compare (default 50).", DefaultValueFactory = _ => 50 };
        var command = new Command("import-whisper", "Import carbon's whisper files (history, each series with its own retention and aggregation).")
        {
            source, data, to, prefix, jobs, onConflict, journal, adminToken, adminTokenFile, tagNames, now, check, against, mineUrl, sample,
        };

        command.SetAction(async (parse, cancellation) =>
        {
            try
            {
                if (parse.GetValue(check))
                {
                    return await ImportWhisperCheck.RunAsync(parse.GetValue(source)!, parse.GetValue(against), parse.GetValue(mineUrl)!, parse.GetValue(prefix), parse.GetValue(sample),
                        parse.GetValue(now), cancellation).ConfigureAwait(false);
                }

                var hashedNames = await LoadTagNamesAsync(parse.GetValue(tagNames), cancellation).ConfigureAwait(false);
                var token = parse.GetValue(to) is { } server ? ImportAdminToken.Resolve(HttpAddress("--to", server), parse.GetValue(adminToken), parse.GetValue(adminTokenFile)) : null;
                return Run(parse.GetValue(source)!, parse.GetValue(data), parse.GetValue(to), parse.GetValue(prefix), parse.GetValue(jobs),
                    parse.GetValue(onConflict)!, parse.GetValue(journal), token, hashedNames, parse.GetValue(now), cancellation);
            }
            catch (UsageException e)
            {
                await Console.Error.WriteLineAsync($"mine import-whisper: {e.Message}").ConfigureAwait(false);
                return BadUsage;
            }
        });
        return command;
    }

    private static async Task<TaggedNameTable?> LoadTagNamesAsync(string? source, CancellationToken cancellation)
    {
        if (source is null)
        {
            return null;
        }

        try
        {
            var names = await TaggedNameSource.LoadAsync(source, cancellation).ConfigureAwait(false);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mine import-whisper: {names.Count:N0} tagged series names from {source}"));
            return names;
        }
        catch (Exception e) when (e is IOException or HttpRequestException or UnauthorizedAccessException or System.Text.Json.JsonException or TaskCanceledException)
        {
            throw new UsageException($"--tag-names {source}: {e.Message}");
        }
    }

    private static int Run(string source, string? data, string? to, string? prefix, int jobs, string onConflict, string? journal, string? adminToken, TaggedNameTable? hashedNames, long? now, CancellationToken cancellation)
    {
        if (!Directory.Exists(source))
        {
            throw new UsageException($"WHISPER_DIR {source} is not a folder.");
        }

        if ((data is null) == (to is null))
        {
            throw new UsageException("give exactly one of --data DIR (a stopped Mine's folder) and --to http://HOST:PORT (a running Mine).");
        }

        var policy = onConflict switch
        {
            "keep" => ConflictPolicy.Keep,
            "overwrite" => ConflictPolicy.Overwrite,
            _ => throw new UsageException($"--on-conflict '{onConflict}' is neither keep nor overwrite."),
        };
        if (jobs < 1)
        {
            throw new UsageException($"--jobs {jobs} must be 1 or more.");
        }

        var root = Path.GetFullPath(source);
        var readAt = now ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var journalPath = journal ?? DefaultJournal(root, data);
        var options = new WhisperImportOptions(root, prefix, jobs, policy, readAt, journalPath, hashedNames);
        return to is not null ? ImportOverHttp(to, adminToken, options, cancellation) : ImportIntoFolder(data!, now, options, cancellation);
    }

    /// <summary><c>DATA/import/whisper-HASH.journal</c> or <c>./whisper-HASH.journal</c>, one per source folder.</summary>
    internal static string DefaultJournal(string root, string? data)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(root)))[..16];
        var name = $"whisper-{hash}.journal";
        return data is not null ? Path.Combine(Path.GetFullPath(data), "import", name) : Path.GetFullPath(name);
    }

    /// <summary>An http(s) address given with <paramref name="flag"/>, or a usage error naming it.</summary>
    internal static Uri HttpAddress(string flag, string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var address) && (address.Scheme == Uri.UriSchemeHttp || address.Scheme == Uri.UriSchemeHttps)
            ? address
            : throw new UsageException($"{flag} '{value}' is not an http://HOST:PORT address.");

    private static int ImportOverHttp(string to, string? adminToken, WhisperImportOptions options, CancellationToken cancellation)
    {
        var server = HttpAddress("--to", to);
        using var target = new HttpImportTarget(server, adminToken);
        return RunImport(target, options, cancellation);
    }

    private static int ImportIntoFolder(string data, long? now, WhisperImportOptions options, CancellationToken cancellation)
    {
        StorageEngine engine;
        try
        {
            engine = StorageEngine.Open(new StorageOptions
            {
                DataDirectory = Path.GetFullPath(data),
                Time = now is { } fixedNow ? new FixedTime(fixedNow) : TimeProvider.System,
                WalSyncMode = WalSyncMode.Interval,
                Log = message => Console.Error.WriteLine($"mine import-whisper: {message}"),
            });
        }
        catch (IOException e)
        {
            // The most likely one: a running Mine holds the folder's lock (the message says so and what to do).
            throw new UsageException($"--data {data}: {e.Message}");
        }

        using (engine)
        {
            var code = RunImport(new StoreImportTarget(engine), options, cancellation);
            engine.FlushNow(); // parts now, so the next start does not replay the whole import from the WAL
            return code;
        }
    }

    private static int RunImport(IWhisperImportTarget target, WhisperImportOptions options, CancellationToken cancellation)
    {
        ImportSummary summary;
        try
        {
            summary = new WhisperImporter(target, options).Run(Console.Out, terminal: !Console.IsOutputRedirected, cancellation);
        }
        catch (AggregateException e) when (e.Flatten().InnerExceptions.All(static i => i is IOException or OperationCanceledException))
        {
            // The target failed (Mine's disk full, the server gone) or Ctrl-C: not the files' fault. What was done is journaled.
            var reason = e.Flatten().InnerExceptions.FirstOrDefault(static i => i is IOException)?.Message ?? "interrupted.";
            Console.Error.WriteLine($"mine import-whisper: stopped: {reason} Run the same command again to resume.");
            return Failed;
        }

        var text = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(text, $"files: {summary.Files:N0} ({summary.Imported:N0} imported, {summary.SkippedAsDone:N0} done before, {summary.Errors.Count:N0} with errors)"));
        Console.WriteLine(string.Create(text, $"series created: {summary.SeriesCreated:N0}; points: {summary.Points:N0} written, {summary.Kept:N0} kept (Mine's value stayed), {summary.Refused:N0} refused"));
        Console.WriteLine(string.Create(text, $"time: {summary.Elapsed.TotalSeconds:F1} s ({summary.Points / Math.Max(summary.Elapsed.TotalSeconds, 0.001):N0} points/s); journal: {options.JournalPath}"));
        foreach (var error in summary.Errors)
        {
            Console.WriteLine($"error: {error.File}: {error.Reason}");
        }

        return summary.Errors.Count == 0 ? 0 : Failed;
    }

    internal sealed class UsageException(string message) : Exception(message);

    private sealed class FixedTime(long unixSeconds) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeSeconds(unixSeconds);
    }
}
