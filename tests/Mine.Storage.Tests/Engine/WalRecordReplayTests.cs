using Mine.Storage.Wal;

namespace Mine.Storage.Tests.Engine;

/// <summary>
/// A WAL points record whose checksum matches but whose payload the engine cannot decode (a newer version, a count
/// its bytes cannot hold, a cut-short point; found by the store fuzz target, fuzz/corpus/store/regression-wal-*)
/// is skipped at start with a log line and left on disk; it no longer stops the start, and the records around it
/// are replayed.
/// </summary>
public sealed class WalRecordReplayTests
{
    public static TheoryData<string, byte[]> BadPayloads() => new()
    {
        { "unknown version 2", [2, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0] },
        { "count 2147483647 does not fit", [1, 0xff, 0xff, 0xff, 0x7f, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0] },
        { "point 0 of 1 is cut short", [1, 1, 0, 0, 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80] },
        { "bytes after the last point", [1, 0, 0, 0, 0, 9] },
    };

    [Theory]
    [MemberData(nameof(BadPayloads))]
    public void An_undecodable_points_record_is_skipped_and_the_start_goes_on(string problem, byte[] payload)
    {
        using var store = new EngineFixture();
        store.Write(("a.b", EngineFixture.T0 + 60, 1.0));
        store.Engine.Dispose();
        using (var wal = WalWriter.Open(Path.Combine(store.Directory, "wal"), new WalOptions { SyncMode = WalSyncMode.None }, _ => { }))
        {
            wal.Append(1, payload);
        }

        store.Reopen();
        store.Write(("a.b", EngineFixture.T0 + 120, 2.0));
        store.Reopen();

        Assert.Contains(store.Log, l => l.Contains("cannot be replayed", StringComparison.Ordinal) && l.Contains(problem, StringComparison.Ordinal));
        Assert.Equal([1.0, 2.0], store.Values("a.b", EngineFixture.T0, EngineFixture.T0 + 120));
    }

    /// <summary>
    /// A point whose slot is not a multiple of its archive's step cannot have been written for that series (the
    /// record, or the series' archives in series.log, were damaged behind a valid checksum). It used to land in a
    /// neighbouring slot of the head and then move when the head was flushed; it is skipped now.
    /// </summary>
    [Fact]
    public void A_point_off_its_archive_step_is_not_replayed()
    {
        using var store = new EngineFixture();
        store.Write(("a.b", EngineFixture.T0 + 60, 1.0));
        store.Engine.Dispose();
        var payload = new byte[5 + 1 + 1 + 10 + 8];
        payload[0] = 1;
        payload[1] = 1; // one point
        var at = 5;
        payload[at++] = 0; // series 0
        payload[at++] = 0; // archive 0 (60 s)
        at = Mine.Storage.Blocks.VarInt.Write(payload, at, Mine.Storage.Blocks.VarInt.ZigZag(EngineFixture.T0 + 121));
        BitConverter.GetBytes(5.0).CopyTo(payload, at);
        using (var wal = WalWriter.Open(Path.Combine(store.Directory, "wal"), new WalOptions { SyncMode = WalSyncMode.None }, _ => { }))
        {
            wal.Append(1, payload.AsSpan(0, at + 8));
        }

        store.Reopen();

        Assert.Equal([1.0, double.NaN], store.Values("a.b", EngineFixture.T0, EngineFixture.T0 + 120));
    }

    /// <summary>
    /// Points replayed after a stop longer than the fine archive's retention sit in the head's fine archive, older
    /// than that retention. The coarse read used to compute its slots from fine data only as far back as the oldest
    /// fine part, so they read empty until the flush wrote them into a part, and then appeared (found by the store
    /// fuzz target, fuzz/corpus/store/regression-wal-point-past-fine-retention).
    /// </summary>
    [Fact]
    public void Points_replayed_past_their_archive_retention_read_the_same_before_and_after_the_flush()
    {
        using var store = new EngineFixture();
        var written = store.Clock.Now - 600;
        store.Write(("a.b", written, 4.0), ("a.b", written + 60, 8.0));
        store.Clock.Now += 4 * 86400; // the 60-second archive keeps one day, and reads reach two 16-hour buckets past it
        store.Reopen();

        var from = store.Clock.Now - (7 * 86400);
        var beforeFlush = store.Values("a.b", from, store.Clock.Now);
        store.Engine.FlushNow();
        var afterFlush = store.Values("a.b", from, store.Clock.Now);

        Assert.Equal(beforeFlush, afterFlush);
        Assert.Contains(6.0, beforeFlush); // both minutes fall in one 5-minute slot, averaged
    }
}
