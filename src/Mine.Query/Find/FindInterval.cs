namespace Mine.Query.Find;

/// <summary>
/// A leaf's available time span in format=json find output. graphite-web's whisper finder reports float epoch
/// seconds (now - maxRetention .. file mtime), written as Python floats.
/// </summary>
public readonly record struct FindInterval(double Start, double End);
