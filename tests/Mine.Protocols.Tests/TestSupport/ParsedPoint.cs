using System.Text;
using Mine.Core.Series;

namespace Mine.Protocols.Tests.TestSupport;

/// <summary>A point read back out of a <see cref="PointBatch"/>, comparable with record equality.</summary>
public readonly record struct ParsedPoint(string Name, long Timestamp, double Value)
{
    public static List<ParsedPoint> From(PointBatch batch)
    {
        var points = new List<ParsedPoint>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            points.Add(new ParsedPoint(Encoding.UTF8.GetString(batch.Name(i)), batch.Timestamp(i), batch.Value(i)));
        }

        return points;
    }
}
