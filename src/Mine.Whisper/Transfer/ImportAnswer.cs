using System.Text.Json.Serialization;
using Mine.Core.Ports;

namespace Mine.Whisper.Transfer;

/// <summary>One series of the endpoint's answer (JSON, camelCase): what the store did with its points.</summary>
public sealed record ImportAnswerSeries(string Name, int Offered, int Written, int Kept, int TooOld, int InFuture, int Refused, bool Created, string? Problem)
{
    public static ImportAnswerSeries From(string name, HistoryImportResult result) =>
        new(name, result.Offered, result.Written, result.Kept, result.TooOld, result.InFuture, result.Refused, result.Created, result.Problem);

    public HistoryImportResult ToResult() => new(Offered, Written, Kept, TooOld, InFuture, Refused, Created, Problem);
}

/// <summary>The answer of <c>POST /_internal/import</c>: the series in the batch's order.</summary>
public sealed record ImportAnswer(int Version, IReadOnlyList<ImportAnswerSeries> Series);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ImportAnswer))]
public sealed partial class ImportAnswerJson : JsonSerializerContext;
