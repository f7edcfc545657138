using Mine.Core.Hashing;
using System.Buffers.Binary;
using Mine.Storage.Index;
using Mine.Storage.Parts;
using Mine.Storage.Schemas;

namespace Mine.Storage.Engine;

/// <summary>
/// Series ids, names and their fixed retention/aggregation, persisted in an append-only log (<c>series.log</c>).
/// A series' record reaches the OS before any WAL record that mentions its id, so replay always knows the name.
/// Record: <c>[u32 body length][u32 CRC-32C of body][body]</c>; body in docs/storage-format.md.
/// </summary>
internal sealed class SeriesCatalog : IDisposable
{
    private readonly NameHashTable _table = new();
    private readonly FileStream _log;
    private long _length; // bytes of whole records on disk; new records are written from here
    private readonly MemoryStream _pending = new();
    private SeriesInfo[] _series = new SeriesInfo[1024];
    // Hot write-path facts in flat arrays: checking a point against the finest archive touches no SeriesInfo.
    private int[] _finestStep = new int[1024];
    private long[] _finestRetention = new long[1024];
    private int _count;
    private readonly List<ArchiveSpec[]> _distinctArchives = new();

    private SeriesCatalog(FileStream log) => _log = log;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Records created but not yet handed to the OS (see <see cref="FlushLog"/>).</summary>
    public bool HasPendingRecords => _pending.Length > 0;

    public static SeriesCatalog Open(string path, Action<string> log)
    {
        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1 << 16);
        var catalog = new SeriesCatalog(file);
        catalog.Load(log);
        return catalog;
    }

    public SeriesInfo Get(int id) => Volatile.Read(ref _series)[id];

    /// <summary>
    /// The series of a part's block, or null when this log does not have it (its torn tail was cut off at start while
    /// parts kept blocks of those ids) or not that archive. Such blocks have no retention to apply: merges keep
    /// them as they are rather than fail (found by the store fuzz target: the maintenance thread threw).
    /// </summary>
    public SeriesInfo? OwnerOf(in PartEntry entry) =>
        (uint)entry.SeriesId < (uint)Count && Get(entry.SeriesId) is { } info && entry.Archive < info.Archives.Length ? info : null;

    public bool NameEquals(int id, ReadOnlySpan<byte> utf8Name) => _table.KeyEquals(id, utf8Name);

    public int FinestStep(int id) => _finestStep[id];

    public long FinestRetention(int id) => _finestRetention[id];

    public bool TryResolve(ReadOnlySpan<byte> utf8Name, ulong hash, out int id) =>
        _table.TryGet(utf8Name, hash, out id);

    /// <summary>Creates a series (caller holds the write lock). The record is buffered until <see cref="FlushLog"/>.</summary>
    public SeriesInfo Create(ReadOnlySpan<byte> utf8Name, ulong hash, ArchiveSpec[] archives, AggregationMethod method, double xFilesFactor)
    {
        var info = new SeriesInfo(_count, utf8Name.ToArray(), InternArchives(archives), method, xFilesFactor);
        AppendRecord(info);
        Add(info, hash);
        return info;
    }

    public IEnumerable<SeriesInfo> All()
    {
        var series = Volatile.Read(ref _series);
        var count = Count;
        for (var i = 0; i < count; i++)
        {
            yield return series[i];
        }
    }

    /// <summary>
    /// Hands buffered records to the OS (one positional write); with <paramref name="durable"/>, fsyncs too. If the
    /// disk refuses (full), the records stay buffered and the next call writes them again at the same offset, over
    /// whatever part of them reached the file.
    /// </summary>
    public void FlushLog(bool durable)
    {
        if (_pending.Length > 0)
        {
            try
            {
                RandomAccess.Write(_log.SafeFileHandle, _pending.GetBuffer().AsSpan(0, (int)_pending.Length), _length);
            }
            catch (IOException)
            {
                TryCutTo(_length);
                throw;
            }

            _length += _pending.Length;
            _pending.SetLength(0);
        }

        if (durable)
        {
            RandomAccess.FlushToDisk(_log.SafeFileHandle);
        }
    }

    /// <summary>
    /// fsyncs what was handed to the OS. A flush calls it before writing parts: parts are fsynced, and a part that
    /// outlives (a power loss) the series records of the ids it holds would lend its data to the next series given
    /// those ids. Every id in a frozen head was written to the log before its points were logged.
    /// </summary>
    public void SyncToDisk() => RandomAccess.FlushToDisk(_log.SafeFileHandle);

    private void TryCutTo(long length)
    {
        try
        {
            RandomAccess.SetLength(_log.SafeFileHandle, length);
        }
        catch (IOException)
        {
            // A torn tail is cut at the next start anyway.
        }
    }

    /// <summary>Series of one schema share one archive array (a few distinct schemas, a million series).</summary>
    private ArchiveSpec[] InternArchives(ArchiveSpec[] archives)
    {
        foreach (var known in _distinctArchives)
        {
            if (known.AsSpan().SequenceEqual(archives))
            {
                return known;
            }
        }

        _distinctArchives.Add(archives);
        return archives;
    }

    public void Dispose()
    {
        try
        {
            FlushLog(durable: true);
        }
        catch (IOException)
        {
            // Records still buffered belong to series whose points never reached the WAL (their writes failed first).
        }

        _log.Dispose();
    }

    private void Add(SeriesInfo info, ulong hash)
    {
        if (_count == _series.Length)
        {
            var grown = new SeriesInfo[_series.Length * 2];
            Array.Copy(_series, grown, _count);
            Volatile.Write(ref _series, grown);
            Array.Resize(ref _finestStep, grown.Length);
            Array.Resize(ref _finestRetention, grown.Length);
        }

        _series[_count] = info;
        _finestStep[_count] = info.Archives[0].StepSeconds;
        _finestRetention[_count] = info.Archives[0].RetentionSeconds;
        _table.Add(hash, info.Id, info.Utf8Name);
        Volatile.Write(ref _count, _count + 1);
    }

    private void AppendRecord(SeriesInfo info)
    {
        var bodyLength = 2 + info.Utf8Name.Length + 1 + info.Archives.Length * 8 + 1 + 8;
        Span<byte> header = stackalloc byte[8];
        var body = new byte[bodyLength];
        var span = body.AsSpan();
        BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)info.Utf8Name.Length);
        info.Utf8Name.CopyTo(span[2..]);
        var at = 2 + info.Utf8Name.Length;
        span[at++] = (byte)info.Archives.Length;
        foreach (var archive in info.Archives)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[at..], archive.StepSeconds);
            BinaryPrimitives.WriteInt32LittleEndian(span[(at + 4)..], archive.Points);
            at += 8;
        }

        span[at++] = (byte)info.Method;
        BinaryPrimitives.WriteDoubleLittleEndian(span[at..], info.XFilesFactor);
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)bodyLength);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], Crc32C.Compute(body));
        _pending.Write(header);
        _pending.Write(body);
    }

    private void Load(Action<string> log)
    {
        var data = new byte[_log.Length];
        _log.Position = 0;
        _log.ReadExactly(data);
        var at = 0;
        while (at + 8 <= data.Length)
        {
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(at));
            if (length <= 0 || length > 1 << 20 || at + 8 + length > data.Length)
            {
                break;
            }

            var body = data.AsSpan(at + 8, length);
            if (Crc32C.Compute(body) != BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(at + 4)) || !TryParse(body, out var info))
            {
                break;
            }

            Add(info, NameHashTable.Hash(info.Utf8Name));
            at += 8 + length;
        }

        if (at != data.Length)
        {
            log($"series log {_log.Name}: torn or corrupt tail at byte {at} of {data.Length}; truncated ({data.Length - at} bytes dropped, {_count} series kept).");
            _log.SetLength(at);
            _log.Flush(true);
        }

        _log.Position = at;
        _length = at;
    }

    private bool TryParse(ReadOnlySpan<byte> body, out SeriesInfo info)
    {
        info = null!;
        if (body.Length < 3)
        {
            return false; // not even a name length and an archive count
        }

        var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(body);
        if (2 + nameLength + 1 > body.Length)
        {
            return false;
        }

        var name = body.Slice(2, nameLength).ToArray();
        var at = 2 + nameLength;
        int archiveCount = body[at++];
        if (archiveCount is 0 or > SeriesInfo.MaxArchives || at + archiveCount * 8 + 9 != body.Length)
        {
            return false;
        }

        var archives = new ArchiveSpec[archiveCount];
        for (var i = 0; i < archiveCount; i++)
        {
            archives[i] = new ArchiveSpec(BinaryPrimitives.ReadInt32LittleEndian(body[at..]), BinaryPrimitives.ReadInt32LittleEndian(body[(at + 4)..]));
            at += 8;
        }

        var method = (AggregationMethod)body[at++];
        var xff = BinaryPrimitives.ReadDoubleLittleEndian(body[at..]);
        if (!IsPossible(name, archives, method, xff))
        {
            return false;
        }

        info = new SeriesInfo(_count, name, InternArchives(archives), method, xff);
        return true;
    }

    /// <summary>
    /// Whether a record whose checksum matched holds a series the engine could have created: a non-empty name,
    /// archives a storage-schemas.conf can give (steps divide, retention grows), a known aggregation method and an
    /// xFilesFactor in [0, 1] (storage-aggregation.conf's rules). Anything else came from a buggy or foreign writer;
    /// loading it would divide by a zero step later, so it is treated like any other unparsable record. A name the
    /// index cannot hold (an older Mine let <c>a..b</c> through) is kept: its id must stay taken, because the WAL and
    /// parts may hold points under it, and records after it are sound; recovery leaves it out of the index instead.
    /// </summary>
    private static bool IsPossible(ReadOnlySpan<byte> name, ArchiveSpec[] archives, AggregationMethod method, double xFilesFactor)
    {
        if (name.IsEmpty)
        {
            return false;
        }

        if (!Enum.IsDefined(method) || !(xFilesFactor is >= 0 and <= 1))
        {
            return false;
        }

        foreach (var archive in archives)
        {
            if (archive.StepSeconds <= 0 || archive.Points <= 0)
            {
                return false;
            }
        }

        try
        {
            return Retentions.Validate(archives).SequenceEqual(archives);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
