namespace Mine.Storage.Engine;

/// <summary>
/// The engine's named steps between two durable actions. A crash test sets <see cref="StorageOptions.FaultInjection"/>
/// (the host reads <c>MINE_CRASH_AT</c>) to kill the process at one of them and proves that a crash there loses no
/// acknowledged point and brings back nothing corrupt. Each step is where a different file has just changed.
/// </summary>
public static class FaultPoints
{
    /// <summary>New series records are in series.log; their points are not in the WAL yet.</summary>
    public const string WriteCatalogFlushed = "write.catalog-flushed";

    /// <summary>A points record is in the WAL; it is not in the head yet (nor acknowledged).</summary>
    public const string WriteWalAppended = "write.wal-appended";

    /// <summary>The WAL moved to a new segment for a new head; the old head is frozen, not yet flushed.</summary>
    public const string WalRotated = "wal.rotated";

    /// <summary>One part of a flush is complete and renamed; others may still be missing.</summary>
    public const string FlushPartWritten = "flush.part-written";

    /// <summary>Every part of a flush is complete; the checkpoint does not name it yet.</summary>
    public const string FlushPartsComplete = "flush.parts-complete";

    /// <summary>The checkpoint names the flush; its parts are not published nor its WAL segments deleted yet.</summary>
    public const string FlushCommitted = "flush.committed";

    /// <summary>The WAL segments the flush covered are deleted.</summary>
    public const string FlushWalTrimmed = "flush.wal-trimmed";

    /// <summary>A merge rolled up expiring blocks into the WAL; its output part is not complete yet.</summary>
    public const string MergeRollupsLogged = "merge.rollups-logged";

    /// <summary>A merge's output part is complete; its inputs still exist.</summary>
    public const string MergeOutputWritten = "merge.output-written";

    /// <summary>One input of a merge is deleted; others may remain.</summary>
    public const string MergeInputDeleted = "merge.input-deleted";

    /// <summary>A merge's inputs are deleted.</summary>
    public const string MergeInputsDeleted = "merge.inputs-deleted";

    /// <summary>Every named step, for tests that visit each one.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        WriteCatalogFlushed, WriteWalAppended, WalRotated, FlushPartWritten, FlushPartsComplete, FlushCommitted,
        FlushWalTrimmed, MergeRollupsLogged, MergeOutputWritten, MergeInputDeleted, MergeInputsDeleted,
    ];
}

/// <summary>Calls the test hook, if any, at a named step.</summary>
internal readonly struct FaultInjector(Action<string>? hook)
{
    public void Hit(string point) => hook?.Invoke(point);
}
