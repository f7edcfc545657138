namespace Mine.Core.Ports;

/// <summary>
/// What a store did with one imported series. Every point lands in exactly one bucket:
/// <c>Offered == Written + Kept + TooOld + InFuture + Refused</c>.
/// </summary>
/// <param name="Kept">Points skipped because the slot already held a value (<see cref="ConflictPolicy.Keep"/>).</param>
/// <param name="TooOld">Points older than their archive reaches at the store's now.</param>
/// <param name="InFuture">Points stamped beyond the store's tolerance for clock skew.</param>
/// <param name="Refused">Points refused for the series' sake or their own: a bad name or layout, an archive the
/// existing series does not have, a NaN value, a time that is not a slot of its archive; <paramref name="Problem"/> says which.</param>
/// <param name="Created">The series did not exist and was created with the given layout.</param>
public readonly record struct HistoryImportResult(int Offered, int Written, int Kept, int TooOld, int InFuture, int Refused, bool Created, string? Problem = null);
