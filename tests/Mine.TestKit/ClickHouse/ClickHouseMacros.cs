namespace Mine.TestKit.ClickHouse;

/// <summary>A server's <c>&lt;macros&gt;</c>: what <c>{shard}</c> and <c>{replica}</c> stand for in a Replicated
/// table's ZooKeeper path and replica name.</summary>
public sealed record ClickHouseMacros(string Shard, string Replica);
