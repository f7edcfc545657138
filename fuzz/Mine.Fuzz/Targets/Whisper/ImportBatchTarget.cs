using Mine.Fuzz.Support;
using Mine.Whisper.Transfer;

namespace Mine.Fuzz.Targets.Whisper;

/// <summary>
/// The body of <c>POST /_internal/import</c> (<see cref="ImportBatchReader"/>). A bad body must be an
/// <see cref="ImportBatchFormatException"/> with a message; a batch that parses holds only layouts a store can take and
/// no archive with more points than slots, and encodes back to the very same bytes.
/// </summary>
public sealed class ImportBatchTarget : FuzzTarget
{
    public override string Name => "importbatch";

    public override string Description => "an import batch body -> ImportBatchReader.Read";

    public override void Run(ReadOnlySpan<byte> input)
    {
        ImportBatch batch;
        try
        {
            batch = ImportBatchReader.Read(input);
        }
        catch (ImportBatchFormatException error)
        {
            Invariant.Check(!string.IsNullOrEmpty(error.Message), "a refusal without a message");
            return;
        }

        foreach (var series in batch.Series)
        {
            Invariant.Check(series.Layout.Problem() is null, $"series '{series.Name}' has a layout the reader should refuse: {series.Layout.Problem()}");
            for (var a = 0; a < series.Archives.Count; a++)
            {
                var points = series.Archives[a];
                Invariant.Check(points.Times.Length == points.Values.Length && points.Times.Length <= series.Layout.Archives[a].Points,
                    $"series '{series.Name}' archive {a}: {points.Times.Length} times, {points.Values.Length} values, {series.Layout.Archives[a].Points} slots");
            }
        }

        Invariant.Check(ImportBatchWriter.Write(batch).AsSpan().SequenceEqual(input), "the parsed batch does not encode back to its bytes");
    }
}
