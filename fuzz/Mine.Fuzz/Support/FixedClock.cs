namespace Mine.Fuzz.Support;

/// <summary>A clock that never moves, so storage retention and "now" in time parsing are the same for every run.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    /// <summary>2023-11-14T22:13:20Z: the instant the storage seeds were written at.</summary>
    public static readonly DateTimeOffset Epoch = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    public static FixedClock Default { get; } = new(Epoch);

    public override DateTimeOffset GetUtcNow() => now;
}
