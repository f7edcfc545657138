using System.Globalization;
using System.Text;

namespace Mine.ClickHouse.Tests.Harness;

/// <summary>carbon-clickhouse's table, as the harness tests create it, and its rows in TabSeparated.</summary>
internal static class GraphiteTable
{
    public const string Columns = "(Path String, Value Float64, Time UInt32, Date Date, Timestamp UInt32)";

    public const string Layout = "PARTITION BY toYYYYMM(Date) ORDER BY (Path, Time)";

    /// <summary>One point of a series; Date and Timestamp are derived from Time as carbon-clickhouse writes them.</summary>
    public readonly record struct Point(string Path, double Value, long Time);

    /// <summary>An INSERT with its rows in the same body, as ClickHouse's HTTP interface takes it.</summary>
    public static string Insert(string table, IEnumerable<Point> points)
    {
        var body = new StringBuilder($"INSERT INTO {table} FORMAT TabSeparated\n");
        foreach (var point in points)
        {
            var date = DateTimeOffset.FromUnixTimeSeconds(point.Time).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            body.Append(CultureInfo.InvariantCulture, $"{point.Path}\t{point.Value}\t{point.Time}\t{date}\t{point.Time}\n");
        }

        return body.ToString();
    }
}
