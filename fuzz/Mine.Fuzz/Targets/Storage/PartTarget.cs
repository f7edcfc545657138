using Mine.Fuzz.Support;
using Mine.Storage.Engine;
using Mine.Storage.Parts;

namespace Mine.Fuzz.Targets.Storage;

/// <summary>
/// A part file (<see cref="PartReader"/>): the input is the content of one <c>.part</c> file, opened as it is and
/// with its checksums made valid. Open either refuses it with <see cref="InvalidDataException"/> (the engine then
/// quarantines it) or returns a part whose header and index the engine can use without further checks: a positive
/// step, a bucket of whole steps, and entries whose blocks lie in the data area and whose slots lie in the bucket.
/// Then every block is read the ways the engine reads them (binary search + overlay into a query range, whole and
/// partial; the merge's ordinary reads); a damaged block may only be an <see cref="InvalidDataException"/>.
/// </summary>
public sealed class PartTarget : FuzzTarget
{
    /// <summary>The engine never reads more slots of one block than a bucket holds; neither does this target.</summary>
    private const int MaxSlotsRead = 1 << 16;

    public override string Name => "part";

    public override string Description => "part file -> PartReader.Open + every block read (as is, and with valid checksums)";

    public override void Run(ReadOnlySpan<byte> input)
    {
        Read(input);
        var fixedUp = Checksums.FixPart(input);
        if (!fixedUp.AsSpan().SequenceEqual(input))
        {
            Read(fixedUp);
        }
    }

    private static void Read(ReadOnlySpan<byte> content)
    {
        var path = Path.Combine(ScratchFolder.Fresh("part"), "1699920000_000000000001-000000000001.part");
        File.WriteAllBytes(path, content.ToArray());
        PartReader part;
        try
        {
            part = PartReader.Open(path);
        }
        catch (InvalidDataException)
        {
            return;
        }

        try
        {
            CheckHeader(part.Header);
            var index = new byte[(long)part.EntryCount * PartFormat.EntrySize];
            part.ReadIndex(index);
            using var file = File.OpenHandle(path);
            for (var i = 0; i < part.EntryCount; i++)
            {
                var entry = part.EntryAt(i);
                CheckEntry(part.Header, entry, i);
                ReadBlock(part, file, entry);
            }
        }
        finally
        {
            part.Retire(deleteFile: false);
        }
    }

    private static void CheckHeader(PartHeader header)
    {
        Invariant.Check(header.Step > 0, $"opened a part of step {header.Step}");
        Invariant.Check(header.EntryCount >= 0, $"opened a part of {header.EntryCount} entries");
        Invariant.Check(header.BucketStart < header.BucketEnd && header.BucketStart % header.Step == 0
            && (header.BucketEnd - header.BucketStart) % header.Step == 0,
            $"opened a part whose bucket [{header.BucketStart}, {header.BucketEnd}) is not whole steps of {header.Step}");
    }

    private static void CheckEntry(PartHeader header, PartEntry entry, int i)
    {
        Invariant.Check(entry.SlotCount > 0 && entry.SlotCount <= MaxSlotsRead, $"entry {i} has {entry.SlotCount} slots");
        Invariant.Check(entry.Length > 0 && entry.Offset >= PartFormat.HeaderSize && entry.Offset + entry.Length <= header.IndexOffset,
            $"entry {i}'s block [{entry.Offset}, +{entry.Length}) is outside the data area");
        Invariant.Check(entry.FirstSlotTime >= header.BucketStart && entry.FirstSlotTime + (long)entry.SlotCount * header.Step <= header.BucketEnd,
            $"entry {i}'s slots from {entry.FirstSlotTime} ({entry.SlotCount} of {header.Step} s) are outside the bucket");
        Invariant.Check(entry.Archive < SeriesInfo.MaxArchives, $"entry {i} names archive {entry.Archive}");
    }

    private static void ReadBlock(PartReader part, Microsoft.Win32.SafeHandles.SafeFileHandle file, PartEntry entry)
    {
        var step = part.Header.Step;
        var slots = new double[entry.SlotCount];
        try
        {
            // A query range holding exactly the block (decoded in place), then one cutting it in half (copied).
            part.Overlay(entry.SeriesId, entry.Archive, entry.FirstSlotTime, step, slots, targetIsEmpty: true);
            var half = new double[Math.Max(1, entry.SlotCount / 2)];
            Array.Fill(half, double.NaN);
            part.Overlay(entry.SeriesId, entry.Archive, entry.FirstSlotTime + (long)(entry.SlotCount - half.Length) * step, step, half);
        }
        catch (InvalidDataException)
        {
        }

        try
        {
            var block = new byte[entry.Length];
            part.ReadBlock(file, entry, block);
        }
        catch (InvalidDataException)
        {
        }
    }
}
