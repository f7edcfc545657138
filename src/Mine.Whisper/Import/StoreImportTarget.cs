using Mine.Core.Ports;
using Mine.Whisper.Format;
using Mine.Whisper.Reading;

namespace Mine.Whisper.Import;

/// <summary>Imports into a store in this process (<c>--data</c>: the embedded store, opened by the command).</summary>
public sealed class StoreImportTarget(IHistoryImport store) : IWhisperImportTarget
{
    public SeriesImportResult Import(string name, WhisperHeader header, IReadOnlyList<ArchivePoints> archives, ConflictPolicy onConflict)
    {
        var points = new HistoryPoints[archives.Count];
        for (var i = 0; i < points.Length; i++)
        {
            points[i] = archives[i].AsHistoryPoints();
        }

        return HistoryResults.ToSeriesResult(store.Import(name, HistoryResults.LayoutOf(header), points, onConflict));
    }
}

/// <summary>Between the whisper side and the storage port's types.</summary>
public static class HistoryResults
{
    /// <summary>The file's layout as the port takes it (the xFilesFactor is whisper's float, exactly).</summary>
    public static HistoryLayout LayoutOf(WhisperHeader header) =>
        new([.. header.Archives.Select(static a => new HistoryArchive(a.SecondsPerPoint, a.Points))], header.AggregationType, header.XFilesFactor);

    /// <summary>A store's answer as the importer counts it: every refusal in one count, the first reason kept.</summary>
    public static SeriesImportResult ToSeriesResult(HistoryImportResult result)
    {
        var refused = result.TooOld + result.InFuture + result.Refused;
        var reason = result.Problem
            ?? (result.TooOld > 0 ? "older than their archive reaches at Mine's clock (is Mine's clock, or --now, behind the files?)"
            : result.InFuture > 0 ? "ahead of Mine's clock by more than it tolerates (is Mine's clock behind the files'?)" : null);
        return new SeriesImportResult(result.Offered, result.Written, result.Kept, refused, result.Created, refused > 0 ? reason : null);
    }
}
