using Mine.Core.Ports;

namespace Mine.Whisper.Transfer;

/// <summary>One series of an import batch: its name, the layout it is created with, and each archive's points.</summary>
public sealed record ImportSeries(string Name, HistoryLayout Layout, IReadOnlyList<HistoryPoints> Archives);

/// <summary>What <c>POST /_internal/import</c> carries (docs/whisper-import.md, "The import batch format").</summary>
public sealed record ImportBatch(ConflictPolicy OnConflict, IReadOnlyList<ImportSeries> Series)
{
    /// <summary>The first bytes of a batch.</summary>
    public static ReadOnlySpan<byte> Magic => "MWIB"u8;

    public const byte Version = 1;

    /// <summary>At most this many series per batch.</summary>
    public const int MaxSeries = 10_000;

    /// <summary>At most this many bytes of UTF-8 per name.</summary>
    public const int MaxNameBytes = 1024;

    /// <summary>The largest body the endpoint reads.</summary>
    public const int MaxBodyBytes = 64 << 20;
}

/// <summary>A batch that does not follow the format; the message names the field and where it is.</summary>
public sealed class ImportBatchFormatException(string message) : Exception(message);
