namespace Mine.Whisper.Format;

/// <summary>whisper's aggregation type codes and their carbon names (whisper.aggregationTypeToMethod).</summary>
public static class WhisperAggregation
{
    private static readonly string[] Names = ["average", "sum", "last", "max", "min", "avg_zero", "absmax", "absmin"];

    public static bool IsKnown(int type) => type >= 1 && type <= Names.Length;

    public static string Name(int type) => IsKnown(type)
        ? Names[type - 1]
        : throw new ArgumentOutOfRangeException(nameof(type), type, "whisper knows aggregation types 1 to 8.");
}
