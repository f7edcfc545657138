namespace Mine.TestKit.Contract;

/// <summary>The store's clock in a contract test: it only moves when the test moves it.</summary>
public sealed class ContractClock(long unixSeconds) : TimeProvider
{
    public long Now { get; set; } = unixSeconds;

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeSeconds(Now);
}
