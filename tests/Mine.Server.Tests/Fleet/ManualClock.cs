namespace Mine.Server.Tests.Fleet;

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualClock(long unixSeconds) : TimeProvider
{
    public long Now { get; set; } = unixSeconds;

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeSeconds(Now);
}
