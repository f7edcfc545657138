using System.Globalization;
using System.Text.Json;
using Mine.Whisper.Format;
using Mine.Whisper.Import;
using Mine.Whisper.Reading;

namespace Mine.Whisper.Check;

/// <param name="Root">The whisper folder graphite-web serves and the import read.</param>
/// <param name="Sample">How many files to compare, spread evenly over the folder's sorted list.</param>
public sealed record RenderCheckOptions(string Root, Uri Graphite, Uri Mine, string? Prefix, int Sample, long Now);

/// <summary>One render that differs: the query and the first slot where the answers part.</summary>
public sealed record RenderDifference(string File, string Query, string Detail);

/// <summary>
/// <c>mine import-whisper --check</c>: renders a sample of the imported series from graphite-web (over the original
/// files) and from Mine, one JSON render per archive of each file (a range whose start selects that archive), and
/// lists every answer that differs. Tagged files are left out: graphite-web finds them only through its tag database.
/// </summary>
public sealed class RenderCheck(RenderCheckOptions options, HttpClient graphite, HttpClient mine)
{
    public int Compared { get; private set; }

    public async Task<IReadOnlyList<RenderDifference>> RunAsync(CancellationToken cancellation)
    {
        var files = WhisperTree.Files(options.Root).Where(static f => !f.StartsWith("_tagged/", StringComparison.Ordinal)).ToList();
        var every = Math.Max(1, files.Count / Math.Max(1, options.Sample));
        var differences = new List<RenderDifference>();
        for (var i = 0; i < files.Count && i / every < options.Sample; i += every)
        {
            var file = files[i];
            var name = WhisperTree.SeriesName(file, prefix: null, out _);
            WhisperHeader header;
            try
            {
                using var whisper = WhisperFile.Open(Path.Combine(options.Root, file));
                header = whisper.Header;
            }
            catch (Exception e) when (e is WhisperFormatException or IOException)
            {
                continue; // the import reported it; there is nothing of it to compare
            }

            if (name is null)
            {
                continue;
            }

            foreach (var (from, until) in RangesSelectingEachArchive(header, options.Now))
            {
                var query = string.Create(CultureInfo.InvariantCulture, $"from={from}&until={until}&format=json");
                var minesName = options.Prefix is null ? name : $"{options.Prefix}.{name}";
                var expected = await PointsAsync(graphite, $"/render?target={Uri.EscapeDataString(name)}&{query}", cancellation).ConfigureAwait(false);
                var actual = await PointsAsync(mine, $"/render?target={Uri.EscapeDataString(minesName)}&{query}", cancellation).ConfigureAwait(false);
                Compared++;
                if (FirstDifference(expected, actual) is { } detail)
                {
                    differences.Add(new RenderDifference(file, $"target={minesName}&{query}", detail));
                }
            }
        }

        return differences;
    }

    /// <summary>For archive i, a start halfway between archive i-1's reach and its own (whisper picks archive i), until 2 minutes ago.</summary>
    public static IEnumerable<(long From, long Until)> RangesSelectingEachArchive(WhisperHeader header, long now)
    {
        long previous = 0;
        foreach (var archive in header.Archives)
        {
            yield return (now - ((previous + archive.Retention) / 2), now - 120);
            previous = archive.Retention;
        }
    }

    private static async Task<List<(long Time, double? Value)>> PointsAsync(HttpClient client, string path, CancellationToken cancellation)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), cancellation).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new IOException($"{client.BaseAddress}{path.TrimStart('/')} answered {(int)response.StatusCode}: {body.Trim()}");
        }

        using var json = JsonDocument.Parse(body);
        var points = new List<(long, double?)>();
        foreach (var series in json.RootElement.EnumerateArray())
        {
            foreach (var point in series.GetProperty("datapoints").EnumerateArray())
            {
                points.Add((point[1].GetInt64(), point[0].ValueKind == JsonValueKind.Number ? point[0].GetDouble() : null));
            }
        }

        return points;
    }

    private static string? FirstDifference(List<(long Time, double? Value)> graphite, List<(long Time, double? Value)> mine)
    {
        for (var i = 0; i < Math.Min(graphite.Count, mine.Count); i++)
        {
            if (graphite[i] != mine[i])
            {
                return string.Create(CultureInfo.InvariantCulture, $"at {graphite[i].Time}: graphite-web {Show(graphite[i])}, Mine {Show(mine[i])}");
            }
        }

        return graphite.Count == mine.Count ? null : $"graphite-web answered {graphite.Count} points, Mine {mine.Count}";

        static string Show((long Time, double? Value) point) =>
            point.Value is { } value ? string.Create(CultureInfo.InvariantCulture, $"{value:R} at {point.Time}") : $"null at {point.Time}";
    }
}
