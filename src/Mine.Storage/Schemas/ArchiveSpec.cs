namespace Mine.Storage.Schemas;

/// <summary>One retention archive: a point every <paramref name="StepSeconds"/> seconds, <paramref name="Points"/> of them.</summary>
public readonly record struct ArchiveSpec(int StepSeconds, int Points)
{
    /// <summary>How far back this archive reaches (whisper's secondsPerPoint × points).</summary>
    public long RetentionSeconds => (long)StepSeconds * Points;

    /// <summary>The canonical <c>step:points</c> form (both in plain numbers), as whisper-info prints archives.</summary>
    public override string ToString() => $"{StepSeconds}:{Points}";
}
