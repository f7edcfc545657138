using System.Globalization;
using System.Text;

namespace Mine.Protocols.Collectd;

/// <summary>
/// One data source of a types.db entry (<c>name:TYPE:min:max</c>). <see cref="Min"/> and <see cref="Max"/> are
/// NaN for <c>U</c> (unbounded): collectd's range check compares with NaN, which is always false, so an
/// unbounded side never rejects.
/// </summary>
public sealed class TypesDbDataSource
{
    public TypesDbDataSource(string name, DataSourceType type, double min, double max)
    {
        Name = name;
        NameUtf8 = Encoding.UTF8.GetBytes(name);
        Type = type;
        Min = min;
        Max = max;
    }

    public string Name { get; }

    public ReadOnlyMemory<byte> NameUtf8 { get; }

    public DataSourceType Type { get; }

    public double Min { get; }

    public double Max { get; }

    /// <summary>True when <paramref name="rate"/> lies outside [Min, Max] (collectd's uc_check_range).</summary>
    public bool IsOutOfRange(double rate) => rate < Min || rate > Max;

    public override string ToString() =>
        $"{Name}:{Type.ToString().ToUpperInvariant()}:{Bound(Min)}:{Bound(Max)}";

    private static string Bound(double value) =>
        double.IsNaN(value) ? "U"
        : Math.Abs(value) < 1e17 && value == Math.Floor(value) ? ((long)value).ToString(CultureInfo.InvariantCulture)
        : value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>A types.db entry: a type name and its ordered data sources (immutable, shareable across threads).</summary>
public sealed class TypesDbDataSet
{
    private readonly TypesDbDataSource[] _sources;

    public TypesDbDataSet(string typeName, IReadOnlyList<TypesDbDataSource> sources)
    {
        ArgumentOutOfRangeException.ThrowIfZero(sources.Count);
        TypeName = typeName;
        TypeNameUtf8 = Encoding.UTF8.GetBytes(typeName);
        _sources = [.. sources];
    }

    public string TypeName { get; }

    public ReadOnlyMemory<byte> TypeNameUtf8 { get; }

    public int Count => _sources.Length;

    public TypesDbDataSource this[int index] => _sources[index];

    public IReadOnlyList<TypesDbDataSource> Sources => _sources;

    public override string ToString() => $"{TypeName} {string.Join(", ", _sources.Select(s => s.ToString()))}";
}

/// <summary>A types.db line collectd would skip, with where it was.</summary>
public readonly record struct TypesDbWarning(string Source, int Line, string Message)
{
    public override string ToString() => $"{Source}:{Line}: {Message}";
}
