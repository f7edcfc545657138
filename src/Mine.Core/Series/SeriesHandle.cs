namespace Mine.Core.Series;

/// <summary>
/// A stored series as a lookup found it: its name, and the key the store that issued it reads it by. The key means
/// something only to that store (the embedded engine's series id; another store might use a hash of the name):
/// pass it back unchanged. Reading many series in ascending key order is the store's preferred order, never slower
/// than another.
/// </summary>
public readonly record struct SeriesHandle(string Name, long Key);
