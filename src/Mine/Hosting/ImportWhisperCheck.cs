using Mine.Whisper.Check;

namespace Mine.Hosting;

/// <summary>
/// <c>mine import-whisper --check WHISPER_DIR --against GRAPHITE [--mine MINE]</c>: prints every render of the sample
/// that differs between graphite-web over the files and Mine after the import. Exit code 0 when none, 1 when any,
/// 2 bad usage or a server that does not answer.
/// </summary>
internal static class ImportWhisperCheck
{
    public static async Task<int> RunAsync(string source, string? against, string mine, string? prefix, int sample, long? now, CancellationToken cancellation)
    {
        if (!Directory.Exists(source))
        {
            throw new ImportWhisperCommand.UsageException($"WHISPER_DIR {source} is not a folder.");
        }

        var graphiteAddress = ImportWhisperCommand.HttpAddress("--against", against);
        var mineAddress = ImportWhisperCommand.HttpAddress("--mine", mine);
        using var graphite = new HttpClient { BaseAddress = graphiteAddress, Timeout = TimeSpan.FromMinutes(1) };
        using var mineClient = new HttpClient { BaseAddress = mineAddress, Timeout = TimeSpan.FromMinutes(1) };
        var options = new RenderCheckOptions(Path.GetFullPath(source), graphiteAddress, mineAddress, prefix, Math.Max(1, sample), now ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var check = new RenderCheck(options, graphite, mineClient);
        IReadOnlyList<RenderDifference> differences;
        try
        {
            differences = await check.RunAsync(cancellation).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or System.Text.Json.JsonException)
        {
            await Console.Error.WriteLineAsync($"mine import-whisper --check: {e.Message}").ConfigureAwait(false);
            return ImportWhisperCommand.BadUsage;
        }

        foreach (var difference in differences)
        {
            Console.WriteLine($"differs: {difference.File}: /render?{difference.Query}: {difference.Detail}");
        }

        Console.WriteLine($"{check.Compared} renders compared, {differences.Count} differ");
        return differences.Count == 0 ? 0 : ImportWhisperCommand.Failed;
    }
}
