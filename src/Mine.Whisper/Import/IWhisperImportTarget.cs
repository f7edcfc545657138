using Mine.Core.Ports;
using Mine.Whisper.Format;

namespace Mine.Whisper.Import;

/// <summary>Where imported series go: a stopped embedded store, or a running Mine over HTTP.</summary>
public interface IWhisperImportTarget
{
    /// <summary>
    /// Stores one series: created with the file's own archives, aggregation method and xFilesFactor when Mine does not
    /// have it yet (an existing series keeps its own), then the points. <paramref name="archives"/>[i] holds every
    /// point of the file's archive i (coarse points of times the finer archives also cover included), so the target
    /// can keep each point in the archive whisper kept it in. Returns once every accepted point is durable. Safe for
    /// concurrent callers.
    /// </summary>
    SeriesImportResult Import(string name, WhisperHeader header, IReadOnlyList<Reading.ArchivePoints> archives, ConflictPolicy onConflict);
}

/// <summary>What happened to one series' points: <c>Offered == Written + Kept + Refused</c>.</summary>
/// <param name="Refused">Points the store would not keep (outside its retention, a name it refuses), with
/// <paramref name="Reason"/> saying why.</param>
public readonly record struct SeriesImportResult(int Offered, int Written, int Kept, int Refused, bool Created, string? Reason = null);
