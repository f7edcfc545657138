using System.Security.Cryptography;
using Mine.Fuzz.Support;
using Mine.Storage.Wal;

namespace Mine.Fuzz.Targets.Storage;

/// <summary>
/// A WAL segment (<see cref="WalReader.Replay"/>): the input is the content of <c>wal/00000001.wal</c>, replayed
/// as it is and with its checksums made valid. Replay must repair damage in place and say so in the log, never
/// hand over a record it did not count, leave the file exactly as long as the bytes it kept, and be idempotent:
/// a second replay repairs nothing and hands over the same records. The only exception it documents is
/// <see cref="NotSupportedException"/> for an intact header of another format version, which must leave the file
/// untouched.
/// </summary>
public sealed class WalTarget : FuzzTarget
{
    public override string Name => "wal";

    public override string Description => "WAL segment file -> WalReader.Replay (as is, and with valid checksums)";

    public override void Run(ReadOnlySpan<byte> input)
    {
        Replay(input);
        var fixedUp = Checksums.FixWalSegment(input);
        if (!fixedUp.AsSpan().SequenceEqual(input))
        {
            Replay(fixedUp);
        }
    }

    private static void Replay(ReadOnlySpan<byte> content)
    {
        var directory = ScratchFolder.Fresh("wal");
        var path = Path.Combine(directory, "00000001.wal");
        File.WriteAllBytes(path, content.ToArray());
        var first = Scan(directory, out var firstLog);
        if (first is null)
        {
            Invariant.Check(new FileInfo(path).Length == content.Length, "replay refused a newer version but changed the file");
            return;
        }

        var length = new FileInfo(path).Length;
        Invariant.Check(first.Value.Summary.Segments == 1, $"one segment replayed as {first.Value.Summary.Segments}");
        Invariant.Check(first.Value.Summary.Records == first.Value.Records,
            $"summary counts {first.Value.Summary.Records} records, {first.Value.Records} were handed over");
        Invariant.Check(length == first.Value.Summary.Bytes, $"the segment is {length} bytes after replay, {first.Value.Summary.Bytes} were kept");
        Invariant.Check(first.Value.Summary.Repaired == (firstLog.Count > 0), $"repaired={first.Value.Summary.Repaired} but {firstLog.Count} log lines");
        Invariant.Check(first.Value.Summary.BytesDiscarded == content.Length - length,
            $"{first.Value.Summary.BytesDiscarded} bytes reported discarded, {content.Length - length} were");

        var second = Scan(directory, out var secondLog);
        Invariant.Check(second is not null, "a repaired segment is refused on the next replay");
        Invariant.Check(!second!.Value.Summary.Repaired && secondLog.Count == 0, $"a second replay repaired again: {string.Join(" | ", secondLog)}");
        Invariant.Check(second.Value.Records == first.Value.Records && second.Value.Digest == first.Value.Digest,
            "a second replay handed over different records");
    }

    private static (WalReplaySummary Summary, long Records, string Digest)? Scan(string directory, out List<string> log)
    {
        var lines = new List<string>();
        log = lines;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long records = 0;
        try
        {
            var summary = WalReader.Replay(directory, (type, payload) =>
            {
                Invariant.Check(type != 0, "a record of reserved type 0 was handed over");
                hash.AppendData([type]);
                hash.AppendData(payload);
                records++;
            }, lines.Add);
            return (summary, records, Convert.ToHexString(hash.GetHashAndReset()));
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }
}
