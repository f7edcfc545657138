namespace Mine.Core.Ports;

/// <summary>
/// A value of a tag with how many stored series carry it. <see cref="Id"/> is the value's row id as graphite-web's
/// SQL tag database would have given it (one per distinct value, whatever the tag), or null when the store keeps none.
/// </summary>
public readonly record struct TagValueEntry(string Value, int SeriesCount, int? Id);
