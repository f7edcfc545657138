namespace Mine.Query.Find;

/// <summary>
/// A leaf's available time span in find's json, pickle and msgpack answers, in float epoch seconds. graphite-web's
/// whisper reader reports <c>now - maxRetention</c> to the file's last write; a front end that gets the same path
/// from several cluster servers uses these spans to choose between them.
/// </summary>
public readonly record struct FindInterval(double Start, double End);
