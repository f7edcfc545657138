using Mine.Core.Series;
using System.Text;
using Mine.Core.Text;

namespace Mine.Protocols.Collectd;

/// <summary>
/// Builds metric names byte-for-byte as collectd 5.12's write_graphite does (<c>format_graphite.c</c>
/// gr_format_name + escape_graphite_string, after plugin_dispatch_values' escape_slashes), and caches them per
/// identifier: value lists repeat the same identifiers every interval, so the steady state is one dictionary
/// lookup and no allocation. The cache is bounded by <see cref="WriteGraphiteOptions.MaxCachedIdentifiers"/>
/// and simply reset when full (names are cheap to rebuild). Not thread-safe: one namer per listener thread.
/// </summary>
public sealed class WriteGraphiteNamer
{
    /// <summary>collectd copies each field into char[DATA_MAX_NAME_LEN = 128].</summary>
    private const int FieldBytes = TypesDb.MaxNameBytes;

    /// <summary>format_graphite's key buffer is char[10 * DATA_MAX_NAME_LEN]; snprintf truncates to 1279 bytes.</summary>
    private const int KeyBufferBytes = (10 * 128) - 1;

    private readonly WriteGraphiteOptions _options;
    private readonly byte[] _prefix;
    private readonly byte[] _postfix;
    private readonly Dictionary<byte[], WriteGraphiteNames> _cache = new(ByteKeyComparer.Instance);
    private readonly Dictionary<byte[], WriteGraphiteNames>.AlternateLookup<ReadOnlySpan<byte>> _cacheBySpan;

    public WriteGraphiteNamer(WriteGraphiteOptions options)
    {
        options.Validate();
        _options = options;
        _prefix = options.PrefixUtf8;
        _postfix = options.PostfixUtf8;
        _cacheBySpan = _cache.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public WriteGraphiteOptions Options => _options;

    /// <summary>Identifiers currently cached.</summary>
    public int CachedIdentifiers => _cache.Count;

    /// <summary>A destination this large always holds a name (collectd caps keys at 1279 bytes).</summary>
    public static int MaxNameLength => KeyBufferBytes;

    /// <summary>
    /// Writes the name of one data source. <paramref name="dsName"/> empty means "not appended" (single-DS type
    /// without AlwaysAppendDS); the caller decides, as format_graphite does. Returns the bytes written.
    /// </summary>
    public int FormatName(
        ReadOnlySpan<byte> host, ReadOnlySpan<byte> plugin, ReadOnlySpan<byte> pluginInstance, ReadOnlySpan<byte> type,
        ReadOnlySpan<byte> typeInstance, ReadOnlySpan<byte> dsName, Span<byte> destination)
    {
        Span<byte> hostField = stackalloc byte[FieldBytes];
        Span<byte> pluginField = stackalloc byte[FieldBytes];
        Span<byte> pluginInstanceField = stackalloc byte[FieldBytes];
        Span<byte> typeField = stackalloc byte[FieldBytes];
        Span<byte> typeInstanceField = stackalloc byte[FieldBytes];
        var escape = _options.EscapeByte;
        var preserve = _options.PreserveSeparator;

        Span<byte> reversed = stackalloc byte[FieldBytes + 4];
        scoped var hostSource = WriteGraphiteIdentifierKey.CString(host);
        if (_options.ReverseHost)
        {
            // reverse_hostname runs on the host after escape_slashes, so unslash first, then reverse the labels.
            var unslashed = Unslash(hostSource, hostField);
            hostSource = reversed[..ReverseLabels(hostField[..unslashed], reversed)];
        }

        var n = 0;
        var h = EscapeField(hostSource, hostField, escape, preserve);
        var p = EscapeField(WriteGraphiteIdentifierKey.CString(plugin), pluginField, escape, preserve);
        var pi = EscapeField(WriteGraphiteIdentifierKey.CString(pluginInstance), pluginInstanceField, escape, preserve);
        var t = EscapeField(WriteGraphiteIdentifierKey.CString(type), typeField, escape, preserve);
        var ti = EscapeField(WriteGraphiteIdentifierKey.CString(typeInstance), typeInstanceField, escape, preserve);

        var separator = _options.SeparateInstances ? (byte)'.' : (byte)'-';
        Span<byte> pluginPart = stackalloc byte[(2 * FieldBytes) + 1];
        var pluginPartLength = Join(pluginField[..p], separator, pluginInstanceField[..pi], pluginPart);

        Span<byte> typePart = stackalloc byte[(2 * FieldBytes) + 1];
        int typePartLength;
        var pluginEqualsType = pluginField[..p].SequenceEqual(typeField[..t]);
        if (ti > 0 && _options.DropDuplicateFields && pluginEqualsType)
        {
            typeInstanceField[..ti].CopyTo(typePart);
            typePartLength = ti;
        }
        else
        {
            typePartLength = Join(typeField[..t], separator, typeInstanceField[..ti], typePart);
        }

        Span<byte> key = stackalloc byte[_prefix.Length + _postfix.Length + h + pluginPartLength + typePartLength + dsName.Length + 3];
        Append(key, ref n, _prefix);
        Append(key, ref n, hostField[..h]);
        Append(key, ref n, _postfix);
        Append(key, ref n, "."u8);
        Append(key, ref n, pluginPart[..pluginPartLength]);
        var dropTypePart = !dsName.IsEmpty && _options.DropDuplicateFields
            && pluginPart[..pluginPartLength].SequenceEqual(typePart[..typePartLength]);
        if (!dropTypePart)
        {
            Append(key, ref n, "."u8);
            Append(key, ref n, typePart[..typePartLength]);
        }

        if (!dsName.IsEmpty)
        {
            Append(key, ref n, "."u8);
            Append(key, ref n, dsName);
        }

        n = Math.Min(n, KeyBufferBytes);
        var name = destination[..n];
        key[..n].CopyTo(name);

        // escape_graphite_string: every forbidden byte anywhere in the key (prefix, postfix and DS name included).
        var forbidden = WriteGraphiteOptions.Forbidden;
        for (var i = name.IndexOfAny(forbidden); i >= 0; i = name.IndexOfAny(forbidden))
        {
            name[i] = escape;
        }

        return n;
    }

    /// <summary>Convenience for tests and tools (allocates).</summary>
    public string FormatName(string host, string plugin, string pluginInstance, string type, string typeInstance, string dsName = "")
    {
        Span<byte> buffer = stackalloc byte[KeyBufferBytes];
        var length = FormatName(
            Encoding.UTF8.GetBytes(host), Encoding.UTF8.GetBytes(plugin), Encoding.UTF8.GetBytes(pluginInstance),
            Encoding.UTF8.GetBytes(type), Encoding.UTF8.GetBytes(typeInstance), Encoding.UTF8.GetBytes(dsName), buffer);
        return Encoding.UTF8.GetString(buffer[..length]);
    }

    /// <summary>
    /// The names of every data source of a value list, from the cache when the identifier was seen before.
    /// <paramref name="identifierKey"/> is <see cref="WriteGraphiteIdentifierKey"/>'s encoding of the list.
    /// </summary>
    internal WriteGraphiteNames GetNames(ReadOnlySpan<byte> identifierKey, in CollectdValueList values, TypesDbDataSet dataSet)
    {
        if (_cacheBySpan.TryGetValue(identifierKey, out var cached) && ReferenceEquals(cached.DataSet, dataSet))
        {
            return cached;
        }

        if (_cache.Count >= _options.MaxCachedIdentifiers)
        {
            _cache.Clear();
        }

        var names = Build(values, dataSet);
        _cacheBySpan[identifierKey] = names;
        return names;
    }

    internal WriteGraphiteNames Build(in CollectdValueList values, TypesDbDataSet dataSet)
    {
        var appendDs = _options.AlwaysAppendDS || dataSet.Count > 1;
        var buffer = new byte[dataSet.Count * KeyBufferBytes];
        var ends = new int[dataSet.Count];
        var offset = 0;
        for (var i = 0; i < dataSet.Count; i++)
        {
            var dsName = appendDs ? dataSet[i].NameUtf8.Span : [];
            var written = FormatName(
                values.Host, values.Plugin, values.PluginInstance, values.Type, values.TypeInstance, dsName,
                buffer.AsSpan(offset));
            offset += StorableName(buffer.AsSpan(offset, written));
            ends[i] = offset;
        }

        return new WriteGraphiteNames(dataSet, buffer.AsSpan(0, offset).ToArray(), ends);
    }

    /// <summary>
    /// Makes a formatted name one storage can hold, in place, and returns its length: empty components (an empty
    /// host, plugin or prefix gives <c>a..b</c>) are removed, as carbon's whisper paths remove them; a name still
    /// refused (a field cut at 127 bytes inside a UTF-8 sequence) becomes empty, and the converter skips it.
    /// </summary>
    private static int StorableName(Span<byte> name)
    {
        var length = MetricNames.HasEmptyComponent(name) ? MetricNames.RemoveEmptyComponents(name, name) : name.Length;
        return length > 0 && MetricNames.Check(name[..length]) == MetricNameProblem.None ? length : 0;
    }

    /// <summary>
    /// escape_slashes (plugin.c: "/" → "root", one leading '/' dropped, other '/' → '_') then gr_copy_escape_part
    /// ('.' unless PreserveSeparator, isspace and iscntrl in the C locale → escape; bytes ≥ 0x80 kept, so UTF-8
    /// passes through). Output is capped at 127 bytes like collectd's field buffers.
    /// </summary>
    private static int EscapeField(ReadOnlySpan<byte> source, Span<byte> destination, byte escape, bool preserveSeparator)
    {
        var length = Unslash(source, destination);
        for (var i = 0; i < length; i++)
        {
            var b = destination[i];
            if ((b == (byte)'.' && !preserveSeparator) || b is (byte)' ' or < 0x20 or 0x7F)
            {
                destination[i] = escape;
            }
        }

        return length;
    }

    /// <summary>plugin.c escape_slashes, capped at 127 bytes.</summary>
    private static int Unslash(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (source.Length == 1 && source[0] == (byte)'/')
        {
            "root"u8.CopyTo(destination);
            return 4;
        }

        if (source.Length > 1 && source[0] == (byte)'/')
        {
            source = source[1..];
        }

        var length = Math.Min(source.Length, FieldBytes);
        for (var i = 0; i < length; i++)
        {
            destination[i] = source[i] == (byte)'/' ? (byte)'_' : source[i];
        }

        return length;
    }

    private static int ReverseLabels(ReadOnlySpan<byte> host, Span<byte> destination)
    {
        var n = 0;
        var end = host.Length;
        for (var i = host.Length - 1; i >= -1; i--)
        {
            if (i >= 0 && host[i] != (byte)'.')
            {
                continue;
            }

            host[(i + 1)..end].CopyTo(destination[n..]);
            n += end - i - 1;
            if (i >= 0)
            {
                destination[n++] = (byte)'.';
            }

            end = i;
        }

        return n;
    }

    private static int Join(ReadOnlySpan<byte> name, byte separator, ReadOnlySpan<byte> instance, Span<byte> destination)
    {
        name.CopyTo(destination);
        if (instance.IsEmpty)
        {
            return name.Length;
        }

        destination[name.Length] = separator;
        instance.CopyTo(destination[(name.Length + 1)..]);
        return name.Length + 1 + instance.Length;
    }

    private static void Append(Span<byte> destination, ref int offset, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(destination[offset..]);
        offset += bytes.Length;
    }
}

/// <summary>The cached names of one identifier's data sources, in types.db order.</summary>
internal sealed class WriteGraphiteNames(TypesDbDataSet dataSet, byte[] bytes, int[] ends)
{
    public TypesDbDataSet DataSet { get; } = dataSet;

    public ReadOnlySpan<byte> this[int index] =>
        bytes.AsSpan(index == 0 ? 0 : ends[index - 1], ends[index] - (index == 0 ? 0 : ends[index - 1]));
}
