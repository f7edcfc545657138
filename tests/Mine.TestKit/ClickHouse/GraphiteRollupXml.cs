using System.Xml.Linq;

namespace Mine.TestKit.ClickHouse;

/// <summary>Writes a <c>&lt;graphite_rollup&gt;</c>-style config section with one default rule, the common case;
/// a section with patterns can be given to <see cref="ClickHouseServerOptions.GraphiteRollups"/> as XML.</summary>
public static class GraphiteRollupXml
{
    /// <param name="name">The section's element name, as the table's engine names it.</param>
    /// <param name="function">ClickHouse's aggregate function (avg, sum, max, min, any, anyLast).</param>
    /// <param name="retentions">From age (seconds) on, keep one point per precision (seconds); ascending ages.</param>
    public static string Default(string name, string function, params (int Age, int Precision)[] retentions) =>
        new XElement(
            name,
            new XElement(
                "default",
                new XElement("function", function),
                retentions.Select(retention => new XElement(
                    "retention",
                    new XElement("age", retention.Age),
                    new XElement("precision", retention.Precision))))).ToString();
}
