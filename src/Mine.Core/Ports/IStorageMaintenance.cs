namespace Mine.Core.Ports;

/// <summary>What an operator (or a benchmark, or a clean shutdown) asks storage to do now instead of later.</summary>
public interface IStorageMaintenance
{
    /// <summary>
    /// Returns once every point accepted before the call is in the store's long-term form (the embedded engine:
    /// part files, the WAL trimmed), so a restart has little to replay. Reads answer the same before and after.
    /// </summary>
    /// <exception cref="IOException">The flush keeps failing (a full disk). Nothing is lost: accepted points stay
    /// readable and durable, and the store retries by itself.</exception>
    void FlushNow();

    /// <summary>
    /// <see cref="FlushNow"/>, then compacts everything stored and applies retention (can take seconds on a large
    /// store; for benchmarks that measure disk use, and before a backup). Reads answer the same before and after,
    /// except for data past its retention.
    /// </summary>
    /// <exception cref="IOException">As for <see cref="FlushNow"/>.</exception>
    void CompactNow();
}
