namespace Mine.Core.Ports;

/// <summary>
/// A tag in a listing. <see cref="Id"/> is the row id graphite-web's SQL tag database would have given it (the
/// <c>id</c> field of its JSON), or null when the store keeps none.
/// </summary>
public readonly record struct TagEntry(string Tag, int? Id);
