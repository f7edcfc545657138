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

    /// <summary>The path is empty, contains control bytes, spaces or DEL, or is not valid UTF-8.</summary>
    BadName,

    /// <summary>A tagged path (<c>name;tag=value</c>) breaks graphite's tag syntax.</summary>
    BadTag,

    /// <summary>A plaintext line longer than <see cref="PlaintextParser.MaxLineLength"/> bytes.</summary>
    LineTooLong,

    /// <summary>A pickle item that is not <c>(path, (timestamp, value))</c>.</summary>
    BadItemShape,
}
