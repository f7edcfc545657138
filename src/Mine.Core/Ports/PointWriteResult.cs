namespace Mine.Core.Ports;

/// <summary>
/// What storage did with each point of a batch. Every point lands in exactly one bucket:
/// <c>Offered == Accepted + TooOld + InFuture + BadName + OverSeriesLimit</c>.
/// </summary>
public readonly record struct PointWriteResult(int Offered, int Accepted, int TooOld, int InFuture, int BadName, int OverSeriesLimit, int SeriesCreated)
{
    /// <summary>Points not stored, for any reason.</summary>
    public int Refused => TooOld + InFuture + BadName + OverSeriesLimit;
}
