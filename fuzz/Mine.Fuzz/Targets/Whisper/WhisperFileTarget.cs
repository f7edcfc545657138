using Mine.Fuzz.Support;
using Mine.Whisper.Format;
using Mine.Whisper.Reading;

namespace Mine.Fuzz.Targets.Whisper;

/// <summary>
/// A whisper file as <c>mine import-whisper</c> meets it (<see cref="WhisperFile"/>): a damaged file must be a
/// <see cref="WhisperFormatException"/> naming the reason; a file that opens yields, from every archive, only points
/// whisper's fetch would return: aligned to the step, inside the archive's reach, at most one per slot.
/// </summary>
public sealed class WhisperFileTarget : FuzzTarget
{
    /// <summary>The reading time: after the seeds' points (written at 1,700,000,000), as an import today would be.</summary>
    private const long Now = 1_700_000_600;

    private readonly ArchivePoints _points = new();

    public override string Name => "whisper";

    public override string Description => "a .wsp file -> WhisperFile.Open + ReadArchive of every archive";

    public override void Run(ReadOnlySpan<byte> input)
    {
        var path = Path.Combine(ScratchFolder.Fresh("whisper"), "input.wsp");
        File.WriteAllBytes(path, input.ToArray());
        try
        {
            using var file = WhisperFile.Open(path);
            for (var i = 0; i < file.Header.Archives.Count; i++)
            {
                file.ReadArchive(i, Now, _points);
                Check(file.Header.Archives[i], i);
            }
        }
        catch (WhisperFormatException error)
        {
            Invariant.Check(!string.IsNullOrEmpty(error.Message), "a refusal without a reason");
        }
    }

    private void Check(WhisperArchiveInfo archive, int index)
    {
        Invariant.Check(_points.Count <= archive.Points, $"archive {index}: {_points.Count} points from {archive.Points} slots");
        var from = Now - archive.Retention;
        var first = from - (from % archive.SecondsPerPoint) + archive.SecondsPerPoint;
        var seen = new HashSet<long>();
        foreach (var time in _points.Times)
        {
            Invariant.Check(time % archive.SecondsPerPoint == 0, $"archive {index}: time {time} is not a multiple of {archive.SecondsPerPoint}");
            Invariant.Check(time >= first && time < Now - (Now % archive.SecondsPerPoint) + archive.SecondsPerPoint, $"archive {index}: time {time} outside the fetch's reach");
            Invariant.Check(seen.Add(time), $"archive {index}: time {time} twice");
        }
    }
}
