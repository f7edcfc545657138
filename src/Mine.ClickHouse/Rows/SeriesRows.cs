using System.Text;
using Mine.Core.Buffers;

namespace Mine.ClickHouse.Rows;

/// <summary>
/// The rows a series gets besides its points (docs/clickhouse.md, "Rows"): the index rows of a plain series, the
/// tagged rows of a tagged one, and the Path a tagged name is stored under, all as carbon-clickhouse writes them.
/// </summary>
public static class SeriesRows
{
    /// <summary>The date of the tree rows: carbon-clickhouse's and graphite-clickhouse's constant (1970-02-12).</summary>
    public const ushort TreeDate = 42;

    public const uint ReverseLevelOffset = 10_000;
    public const uint TreeLevelOffset = 20_000;
    public const uint ReverseTreeLevelOffset = 30_000;

    /// <summary>The index rows of plain series <paramref name="path"/> first written with a point of <paramref name="day"/>:
    /// the leaf and each branch in the tree, the reversed leaf, and the two daily rows.</summary>
    public static void WriteIndexRows(PooledBufferWriter output, ReadOnlySpan<byte> path, ushort day, uint version)
    {
        var levels = (uint)path.Count((byte)'.') + 1;
        Span<byte> reversed = path.Length <= 1024 ? stackalloc byte[path.Length] : new byte[path.Length];
        Reverse(path, reversed);
        RowBinaryWriter.WriteIndexRow(output, TreeDate, TreeLevelOffset + levels, path, version);
        var level = 0u;
        for (var i = 0; i < path.Length; i++)
        {
            if (path[i] == (byte)'.')
            {
                level++;
                RowBinaryWriter.WriteIndexRow(output, TreeDate, TreeLevelOffset + level, path[..(i + 1)], version);
            }
        }

        RowBinaryWriter.WriteIndexRow(output, TreeDate, ReverseTreeLevelOffset + levels, reversed, version);
        RowBinaryWriter.WriteIndexRow(output, day, levels, path, version);
        RowBinaryWriter.WriteIndexRow(output, day, ReverseLevelOffset + levels, reversed, version);
    }

    /// <summary>The tagged rows of a tagged series stored under <paramref name="path"/> (see <see cref="TaggedPath"/>).</summary>
    public static void WriteTaggedRows(PooledBufferWriter output, string path, IReadOnlyList<string> tags, ushort day, uint version)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var tagBytes = tags.Select(static t => Encoding.UTF8.GetBytes(t)).ToList();
        var pathBytes = Encoding.UTF8.GetBytes(path);
        foreach (var tag in tagBytes)
        {
            RowBinaryWriter.WriteTaggedRow(output, day, tag, pathBytes, tagBytes, version);
        }
    }

    /// <summary>
    /// carbon-clickhouse's Path of a tagged name and its <c>Tags</c>: <c>cpu;host=a;dc=1</c> is stored as
    /// <c>cpu?dc=1&amp;host=a</c> with tags <c>__name__=cpu</c>, <c>dc=1</c>, <c>host=a</c> (sorted by key, a repeated key
    /// keeping its first value, keys and values URL-escaped in the Path only).
    /// </summary>
    public static (string Path, IReadOnlyList<string> Tags) TaggedPath(string taggedName)
    {
        ArgumentNullException.ThrowIfNull(taggedName);
        var parts = taggedName.Split(';');
        var pairs = new List<(string Key, string Value)>();
        foreach (var part in parts.Skip(1))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var (key, value) = equals < 0 ? (part, "") : (part[..equals], part[(equals + 1)..]);
            if (key != "name" && !pairs.Exists(p => p.Key == key))
            {
                pairs.Add((key, value));
            }
        }

        var sorted = pairs.OrderBy(static p => p.Key, StringComparer.Ordinal).ToList(); // OrderBy is stable
        var path = Uri.EscapeDataString(parts[0]) + "?"
            + string.Join('&', sorted.Select(static p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
        var tags = new List<string>(sorted.Count + 1) { "__name__=" + parts[0] };
        tags.AddRange(sorted.Select(static p => p.Key + "=" + p.Value));
        return (path, tags);
    }

    /// <summary>The Graphite name of a stored Path: <c>cpu?dc=1&amp;host=a</c> is <c>cpu;dc=1;host=a</c>; a plain path is itself.</summary>
    public static string GraphiteName(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var question = path.IndexOf('?', StringComparison.Ordinal);
        if (question < 0)
        {
            return path;
        }

        var name = new StringBuilder(Uri.UnescapeDataString(path[..question]));
        foreach (var pair in path[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            name.Append(';').Append(equals < 0 ? Uri.UnescapeDataString(pair) : Uri.UnescapeDataString(pair[..equals]) + "=" + Uri.UnescapeDataString(pair[(equals + 1)..]));
        }

        return name.ToString();
    }

    /// <summary>The nodes of <paramref name="path"/> in reverse order: <c>a.b.c</c> becomes <c>c.b.a</c>.</summary>
    private static void Reverse(ReadOnlySpan<byte> path, Span<byte> reversed)
    {
        var written = 0;
        var end = path.Length;
        for (var i = path.Length - 1; i >= -1; i--)
        {
            if (i >= 0 && path[i] != (byte)'.')
            {
                continue;
            }

            path[(i + 1)..end].CopyTo(reversed[written..]);
            written += end - i - 1;
            if (i >= 0)
            {
                reversed[written++] = (byte)'.';
            }

            end = i;
        }
    }
}
