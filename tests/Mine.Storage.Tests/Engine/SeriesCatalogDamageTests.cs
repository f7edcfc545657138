using Mine.Core.Hashing;
using Mine.Storage.Index;
using System.Buffers.Binary;
using System.Text;
using Mine.Storage.Engine;

namespace Mine.Storage.Tests.Engine;

/// <summary>
/// series.log records whose checksum matches but whose body the engine could never have written (found by the
/// serieslog fuzz target, fuzz/corpus/serieslog/regression-*) are treated like any corrupt tail: cut off at start
/// with a log line, never a crash of the start and never a series that a later read divides by a zero step.
/// </summary>
public sealed class SeriesCatalogDamageTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "mine-catalog-" + Guid.NewGuid().ToString("N"));

    public SeriesCatalogDamageTests() => Directory.CreateDirectory(_directory);

    private string LogPath => Path.Combine(_directory, "series.log");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_one_byte_record_with_a_valid_checksum_is_cut_off()
    {
        var good = Record(Body("a.b", [(60, 1440)], 1, 0));
        File.WriteAllBytes(LogPath, [.. good, .. Record([0x07])]);
        var log = new List<string>();

        using (var catalog = SeriesCatalog.Open(LogPath, log.Add))
        {
            Assert.Equal(1, catalog.Count);
        }

        Assert.Single(log, l => l.Contains("torn or corrupt tail", StringComparison.Ordinal));
        Assert.Equal(good.Length, new FileInfo(LogPath).Length);
    }

    [Theory]
    [InlineData("step 0", "a.b", 0, 1440, 60, 100, 1, 0.0)]
    [InlineData("no points", "a.b", 60, 0, 300, 100, 1, 0.0)]
    [InlineData("coarser step not a multiple", "a.b", 60, 1440, 90, 100_000, 1, 0.0)]
    [InlineData("coarser archive covering less", "a.b", 60, 1440, 300, 10, 1, 0.0)]
    [InlineData("unknown aggregation method", "a.b", 60, 1440, 300, 100, 9, 0.0)]
    [InlineData("xFilesFactor above 1", "a.b", 60, 1440, 300, 100, 1, 1.5)]
    [InlineData("empty path component", "a..b", 60, 1440, 300, 100, 1, 0.0)]
    [InlineData("tag without a value", "a;dc=", 60, 1440, 300, 100, 1, 0.0)]
    [InlineData("tag without '=' in a name with a space", "a b;dc", 60, 1440, 300, 100, 1, 0.0)]
    public void A_series_the_engine_could_not_have_created_is_cut_off(
        string what, string name, int step0, int points0, int step1, int points1, byte method, double xFilesFactor)
    {
        var good = Record(Body("ok.series", [(60, 1440)], 1, 0));
        File.WriteAllBytes(LogPath, [.. good, .. Record(Body(name, [(step0, points0), (step1, points1)], method, xFilesFactor))]);
        var log = new List<string>();

        using (var catalog = SeriesCatalog.Open(LogPath, log.Add))
        {
            Assert.True(catalog.Count == 1, $"{what}: the impossible series was loaded");
        }

        Assert.Single(log, l => l.Contains("torn or corrupt tail", StringComparison.Ordinal));
    }

    [Fact]
    public void A_name_the_index_cannot_hold_keeps_its_id_and_the_records_after_it()
    {
        // Invalid UTF-8 once let the structural checks be skipped; the index sees ".\uFFFD" and refuses it. The
        // record stays (its id may have points in the WAL and parts, and the records after it are sound); recovery
        // leaves the name out of the index instead.
        var body = Body("xa", [(60, 1440)], 1, 0);
        body[2] = (byte)'.';
        body[3] = 0xff;
        File.WriteAllBytes(LogPath, [.. Record(Body("ok.series", [(60, 1440)], 1, 0)), .. Record(body), .. Record(Body("ok.after", [(60, 1440)], 1, 0))]);

        using var catalog = SeriesCatalog.Open(LogPath, _ => { });
        Assert.Equal(3, catalog.Count);
        Assert.False(MetricNameIndex.CanHold(catalog.Get(1).Name));
        Assert.Equal("ok.after", catalog.Get(2).Name);
    }

    [Fact]
    public void A_name_the_index_can_hold_but_parsers_now_refuse_is_kept()
    {
        // Older folders may hold names with control bytes: they load, as before.
        File.WriteAllBytes(LogPath, Record(Body("a.b\u0001c", [(60, 1440)], 1, 0)));

        using var catalog = SeriesCatalog.Open(LogPath, _ => { });
        Assert.Equal(1, catalog.Count);
    }

    [Fact]
    public void The_engine_starts_on_such_a_log_and_keeps_the_series_before_the_damage()
    {
        using var store = new EngineFixture();
        store.Write(("a.b", EngineFixture.T0 + 60, 1.0));
        store.Engine.Dispose();
        var path = Path.Combine(store.Directory, "series.log");
        File.AppendAllBytes(path, Record(Body("c.d", [(0, 1440)], 1, 0)));

        store.Reopen();

        Assert.Equal(1, store.Engine.SeriesCount);
        Assert.Contains(store.Log, l => l.Contains("torn or corrupt tail", StringComparison.Ordinal));
        Assert.Equal(1.0, store.Values("a.b", EngineFixture.T0, EngineFixture.T0 + 120)[0]);
    }

    private static byte[] Body(string name, (int Step, int Points)[] archives, byte method, double xFilesFactor)
    {
        var utf8 = Encoding.UTF8.GetBytes(name);
        var body = new byte[2 + utf8.Length + 1 + archives.Length * 8 + 1 + 8];
        BinaryPrimitives.WriteUInt16LittleEndian(body, (ushort)utf8.Length);
        utf8.CopyTo(body, 2);
        var at = 2 + utf8.Length;
        body[at++] = (byte)archives.Length;
        foreach (var (step, points) in archives)
        {
            BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(at), step);
            BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(at + 4), points);
            at += 8;
        }

        body[at++] = method;
        BinaryPrimitives.WriteDoubleLittleEndian(body.AsSpan(at), xFilesFactor);
        return body;
    }

    private static byte[] Record(byte[] body)
    {
        var record = new byte[8 + body.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)body.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(4), Crc32C.Compute(body));
        body.CopyTo(record, 8);
        return record;
    }
}
