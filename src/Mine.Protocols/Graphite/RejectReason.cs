namespace Mine.Protocols.Graphite;

/// <summary>Why a plaintext line or a pickle item was counted as invalid.</summary>
public enum RejectReason : byte
{
    None = 0,

    /// <summary>The line did not split on whitespace into exactly three tokens (path, value, timestamp).</summary>
    WrongFieldCount,

    /// <summary>The value is not something Python's <c>float()</c> accepts (or, in pickle, not a number or string).</summary>
    BadValue,

    /// <summary>The timestamp is not something Python's <c>float()</c> accepts.</summary>
    BadTimestamp,

    /// <summary>The timestamp is NaN, infinite, negative (other than −1, meaning "now") or after year 9999.</summary>
    TimestampOutOfRange,

    /// <summary>
    /// The path is empty (or only dots), contains control bytes, spaces or DEL, or is not valid UTF-8. Empty
    /// components alone are repaired, not refused (<c>a..b</c> is stored as <c>a.b</c>).
    /// </summary>
    BadName,

    /// <summary>A tagged path (<c>name;tag=value</c>) breaks graphite's tag syntax.</summary>
    BadTag,

    /// <summary>A plaintext line longer than <see cref="PlaintextParser.MaxLineLength"/> bytes.</summary>
    LineTooLong,

    /// <summary>A pickle item that is not <c>(path, (timestamp, value))</c>.</summary>
    BadItemShape,

    /// <summary>A path longer than <see cref="Mine.Core.Series.MetricNames.MaxBytes"/> bytes.</summary>
    NameTooLong,
}

/// <summary>A count per <see cref="RejectReason"/>, copied by value with the counters that hold it.</summary>
[System.Runtime.CompilerServices.InlineArray(Length)]
public struct RejectCounts : IEquatable<RejectCounts>
{
    /// <summary>Room for every <see cref="RejectReason"/> value, and a few more to come.</summary>
    public const int Length = 16;

    private long _first;

    /// <summary>Adds one for <paramref name="reason"/>.</summary>
    public void Add(RejectReason reason) => this[(int)reason]++;

    // The runtime's field-by-field equality refuses inline arrays, and counters holding these are compared in tests.
    public readonly bool Equals(RejectCounts other) => ((ReadOnlySpan<long>)this).SequenceEqual(other);

    public override readonly bool Equals(object? obj) => obj is RejectCounts other && Equals(other);

    public override readonly int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var count in (ReadOnlySpan<long>)this)
        {
            hash.Add(count);
        }

        return hash.ToHashCode();
    }

    public static bool operator ==(RejectCounts left, RejectCounts right) => left.Equals(right);

    public static bool operator !=(RejectCounts left, RejectCounts right) => !left.Equals(right);
}
