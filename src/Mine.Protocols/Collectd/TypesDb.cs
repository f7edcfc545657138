using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Mine.Core.Text;

namespace Mine.Protocols.Collectd;

/// <summary>
/// collectd's types database: type name → data sources. Parsing mirrors collectd 5.12 <c>src/daemon/types_list.c</c>
/// line for line: fields are split on spaces, tabs and CR/LF (a comma is not a separator, it may only end a data
/// source), a line whose first byte or first field starts with <c>#</c> is a comment (a <c>#</c> later in a line is
/// not), <c>U</c> means unbounded, numbers are read like C's atof (longest numeric prefix, else 0), and a line
/// with a bad data source is skipped as a whole. Where collectd logs an ERROR/NOTICE and skips, this records a
/// <see cref="TypesDbWarning"/> naming the file and line. A later definition of a type replaces an earlier one,
/// in the same file or a later file (plugin_register_data_set: "Replacing DS … with another version").
/// Instances are immutable, so lookups are safe from any number of threads.
/// </summary>
public sealed class TypesDb
{
    /// <summary>collectd copies names into char[DATA_MAX_NAME_LEN = 128] buffers: at most 127 bytes survive.</summary>
    internal const int MaxNameBytes = 127;

    // types_list.c reads with fgets(buf, 4096): a line of 4095+ bytes (newline included) is skipped.
    private const int MaxLineBytes = 4094;

    // strsplit(buf, fields, 64): a type plus at most 63 data sources; anything after is ignored.
    private const int MaxFields = 64;

    private static readonly Lazy<TypesDb> BuiltInTable =
        new(() => Parse(TypesDbBuiltIn.Utf8, TypesDbBuiltIn.SourceName), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Dictionary<byte[], TypesDbDataSet> _byName;
    private readonly Dictionary<byte[], TypesDbDataSet>.AlternateLookup<ReadOnlySpan<byte>> _bySpan;

    private TypesDb(Dictionary<byte[], TypesDbDataSet> byName, IReadOnlyList<TypesDbWarning> warnings)
    {
        _byName = byName;
        _bySpan = byName.GetAlternateLookup<ReadOnlySpan<byte>>();
        Warnings = warnings;
    }

    /// <summary>collectd 5.12's standard types.db (Debian collectd-core 5.12.0-14), parsed once.</summary>
    public static TypesDb BuiltIn => BuiltInTable.Value;

    public static TypesDb Empty { get; } = new(new Dictionary<byte[], TypesDbDataSet>(ByteKeyComparer.Instance), []);

    public int Count => _byName.Count;

    /// <summary>Lines skipped while building this table (and the tables merged into it), in order.</summary>
    public IReadOnlyList<TypesDbWarning> Warnings { get; }

    public IEnumerable<TypesDbDataSet> DataSets => _byName.Values;

    /// <summary>Finds a type by its UTF-8 name (as it arrives in a TYPE part) without allocating.</summary>
    public bool TryGet(ReadOnlySpan<byte> typeName, [NotNullWhen(true)] out TypesDbDataSet? dataSet) =>
        _bySpan.TryGetValue(typeName, out dataSet);

    public bool TryGet(string typeName, [NotNullWhen(true)] out TypesDbDataSet? dataSet) =>
        TryGet(Encoding.UTF8.GetBytes(typeName), out dataSet);

    /// <summary>Parses one types.db file's bytes; <paramref name="sourceName"/> labels warnings.</summary>
    public static TypesDb Parse(ReadOnlySpan<byte> utf8, string sourceName)
    {
        var byName = new Dictionary<byte[], TypesDbDataSet>(ByteKeyComparer.Instance);
        var warnings = new List<TypesDbWarning>();
        ParseInto(utf8, sourceName, byName, warnings);
        return new TypesDb(byName, warnings);
    }

    public static TypesDb Parse(string text, string sourceName) => Parse(Encoding.UTF8.GetBytes(text), sourceName);

    public static TypesDb LoadFile(string path) => Parse(File.ReadAllBytes(path), path);

    /// <summary>
    /// Like collectd's repeatable <c>TypesDB</c> option: files are read in order, later definitions win. Unlike
    /// collectd — where naming any TypesDB file stops the default types.db from loading — Mine starts from the
    /// built-in table when <paramref name="includeBuiltIn"/> is true (the usual case: extra types on top).
    /// </summary>
    public static TypesDb Load(IEnumerable<string> paths, bool includeBuiltIn = true)
    {
        var result = includeBuiltIn ? BuiltIn : Empty;
        foreach (var path in paths)
        {
            result = result.Merge(LoadFile(path));
        }

        return result;
    }

    /// <summary>A new table with this table's types, then <paramref name="later"/>'s replacing same-named ones.</summary>
    public TypesDb Merge(TypesDb later)
    {
        var byName = new Dictionary<byte[], TypesDbDataSet>(_byName, ByteKeyComparer.Instance);
        foreach (var (name, dataSet) in later._byName)
        {
            byName[name] = dataSet;
        }

        return new TypesDb(byName, [.. Warnings, .. later.Warnings]);
    }

    private static void ParseInto(
        ReadOnlySpan<byte> text, string source, Dictionary<byte[], TypesDbDataSet> byName, List<TypesDbWarning> warnings)
    {
        Span<Range> fields = stackalloc Range[MaxFields];
        var lineNumber = 0;
        while (!text.IsEmpty)
        {
            lineNumber++;
            var newline = text.IndexOf((byte)'\n');
            var line = newline < 0 ? text : text[..newline];
            text = newline < 0 ? [] : text[(newline + 1)..];

            var lengthWithNewline = line.Length + (newline < 0 ? 0 : 1);
            if (lengthWithNewline > MaxLineBytes)
            {
                warnings.Add(new(source, lineNumber, "line longer than 4094 bytes skipped (collectd reads 4095-byte lines)"));
                continue;
            }

            line = line.TrimEnd("\r\n"u8);
            if (line.IsEmpty || line[0] == (byte)'#')
            {
                continue;
            }

            var fieldCount = SplitFields(line, fields);
            if (fieldCount == 0 || line[fields[0]][0] == (byte)'#')
            {
                continue;
            }

            if (fieldCount < 2)
            {
                // collectd ignores such a line silently; a type without data sources is almost certainly a typo.
                warnings.Add(new(source, lineNumber, $"type '{Utf8(line[fields[0]])}' has no data sources; line skipped"));
                continue;
            }

            var typeName = Truncate(line[fields[0]]);
            var sources = new TypesDbDataSource[fieldCount - 1];
            string? error = null;
            for (var i = 1; i < fieldCount && error is null; i++)
            {
                error = TryParseDataSource(line[fields[i]], out sources[i - 1]);
                if (error is not null)
                {
                    error = $"cannot parse data source #{i - 1} of type '{Utf8(typeName)}': {error}; line skipped";
                }
            }

            if (error is not null)
            {
                warnings.Add(new(source, lineNumber, error));
                continue;
            }

            byName[typeName.ToArray()] = new TypesDbDataSet(Utf8(typeName), sources);
        }
    }

    /// <summary>strtok_r(" \t\r\n") up to 64 fields, as collectd's strsplit.</summary>
    private static int SplitFields(ReadOnlySpan<byte> line, Span<Range> fields)
    {
        var count = 0;
        var i = 0;
        while (i < line.Length && count < fields.Length)
        {
            while (i < line.Length && IsFieldSeparator(line[i]))
            {
                i++;
            }

            var start = i;
            while (i < line.Length && !IsFieldSeparator(line[i]))
            {
                i++;
            }

            if (i > start)
            {
                fields[count++] = new Range(start, i);
            }
        }

        return count;
    }

    private static bool IsFieldSeparator(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    /// <summary>parse_ds: returns null on success, else why the data source is invalid.</summary>
    private static string? TryParseDataSource(ReadOnlySpan<byte> field, out TypesDbDataSource dataSource)
    {
        dataSource = null!;

        // parse_ds checks the length before dropping a trailing comma: "v:GAUGE:0:1" (11 bytes) is the shortest.
        if (field.Length < 11)
        {
            return $"'{Utf8(field)}' is shorter than 11 bytes";
        }

        if (field[^1] == (byte)',')
        {
            field = field[..^1];
        }

        // strtok_r(":") skips empty tokens, so "a::GAUGE:0:U" still has four fields; up to 8 are counted.
        Span<Range> parts = stackalloc Range[8];
        var count = 0;
        var i = 0;
        while (i < field.Length && count < parts.Length)
        {
            while (i < field.Length && field[i] == (byte)':')
            {
                i++;
            }

            var start = i;
            while (i < field.Length && field[i] != (byte)':')
            {
                i++;
            }

            if (i > start)
            {
                parts[count++] = new Range(start, i);
            }
        }

        if (count != 4)
        {
            return $"'{Utf8(field)}' has {count} ':'-separated fields, expected name:TYPE:min:max";
        }

        if (!TryParseType(field[parts[1]], out var type))
        {
            return $"type '{Utf8(field[parts[1]])}' is not GAUGE, COUNTER, DERIVE or ABSOLUTE";
        }

        dataSource = new TypesDbDataSource(
            Utf8(Truncate(field[parts[0]])), type, ParseBound(field[parts[2]]), ParseBound(field[parts[3]]));
        return null;
    }

    private static bool TryParseType(ReadOnlySpan<byte> text, out DataSourceType type)
    {
        // strcasecmp: ASCII case-insensitive.
        if (Ascii.EqualsIgnoreCase(text, "GAUGE"u8))
        {
            type = DataSourceType.Gauge;
        }
        else if (Ascii.EqualsIgnoreCase(text, "COUNTER"u8))
        {
            type = DataSourceType.Counter;
        }
        else if (Ascii.EqualsIgnoreCase(text, "DERIVE"u8))
        {
            type = DataSourceType.Derive;
        }
        else if (Ascii.EqualsIgnoreCase(text, "ABSOLUTE"u8))
        {
            type = DataSourceType.Absolute;
        }
        else
        {
            type = default;
            return false;
        }

        return true;
    }

    /// <summary><c>U</c> (any case) is unbounded (NaN); otherwise C's atof: the longest numeric prefix, else 0.</summary>
    private static double ParseBound(ReadOnlySpan<byte> text)
    {
        if (Ascii.EqualsIgnoreCase(text, "U"u8))
        {
            return double.NaN;
        }

        for (var length = text.Length; length > 0; length--)
        {
            if (double.TryParse(text[..length], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }
        }

        return 0;
    }

    private static ReadOnlySpan<byte> Truncate(ReadOnlySpan<byte> name) =>
        name.Length > MaxNameBytes ? name[..MaxNameBytes] : name;

    private static string Utf8(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);
}
