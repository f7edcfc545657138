using Mine.Storage.Schemas;

namespace Mine.Storage.Engine;

/// <summary>
/// What the engine knows about one series. The retention archives and aggregation are fixed when the series is
/// created, as whisper fixes them in the file header: editing storage-schemas.conf later affects new series only.
/// </summary>
internal sealed class SeriesInfo(int id, byte[] utf8Name, ArchiveSpec[] archives, AggregationMethod method, double xFilesFactor)
{
    /// <summary>Whisper and carbon never hold more archives than this in practice; the head's chain table relies on it.</summary>
    public const int MaxArchives = 8;

    public int Id { get; } = id;

    /// <summary>The name, decoded on demand: keeping only the UTF-8 bytes saves a string per series.</summary>
    public string Name => System.Text.Encoding.UTF8.GetString(Utf8Name);

    public byte[] Utf8Name { get; } = utf8Name;

    public ArchiveSpec[] Archives { get; } = archives;

    public AggregationMethod Method { get; } = method;

    public double XFilesFactor { get; } = xFilesFactor;

    public long MaxRetentionSeconds => Archives[^1].RetentionSeconds;

    /// <summary>
    /// Whisper's rule for writes: the highest-precision archive whose retention covers the point's age.
    /// Returns -1 when the point is older than every archive.
    /// </summary>
    public int ArchiveForAge(long ageSeconds)
    {
        for (var i = 0; i < Archives.Length; i++)
        {
            if (Archives[i].RetentionSeconds > ageSeconds)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Whisper's rule for reads: the first archive whose retention covers <c>now - from</c>, else the last.</summary>
    public int ArchiveForRead(long ageOfFromSeconds)
    {
        for (var i = 0; i < Archives.Length; i++)
        {
            if (Archives[i].RetentionSeconds >= ageOfFromSeconds)
            {
                return i;
            }
        }

        return Archives.Length - 1;
    }
}
