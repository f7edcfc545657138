using System.Buffers;

namespace Mine.Protocols.Graphite;

/// <summary>
/// Rewrites a tagged path <c>name;k2=v2;k1=v1</c> into carbon's canonical form, so the same series sent with
/// its tags in another order lands on the same series. Mirrors carbon's <c>TaggedSeries.parse(path).path</c>:
/// <list type="bullet">
/// <item>the part before the first ';' must be non-empty and loses leading '~' (it becomes the "name" tag);</item>
/// <item>every segment is <c>tag=value</c> split at the first '='; tags must be non-empty and free of
/// <c>;!^=</c>; values must be non-empty, free of ';' and must not start with '~';</item>
/// <item>a repeated tag keeps its last value, and an explicit <c>name=</c> tag is replaced by the path's name;</item>
/// <item>segments are ordered as Python's <c>sorted()</c> orders the strings <c>";tag=value"</c>.</item>
/// </list>
/// carbon logs a malformed tagged path and stores it unnormalised; we reject it instead (see the report to the
/// lead), because storing an unparseable tagged path poisons the tag index.
/// </summary>
internal static class TaggedNameCanonicalizer
{
    private const int StackTagSlots = 32;

    /// <summary>
    /// Writes the canonical form of <paramref name="name"/> (a path containing at least one ';') into
    /// <paramref name="destination"/>, which needs <c>name.Length</c> bytes: canonicalising only removes bytes.
    /// </summary>
    public static bool TryCanonicalize(ReadOnlySpan<byte> name, Span<byte> destination, out int written)
    {
        var tagCount = name.Count((byte)';');
        TagSegment[]? rentedTags = null;
        var tags = tagCount <= StackTagSlots
            ? stackalloc TagSegment[StackTagSlots]
            : (rentedTags = ArrayPool<TagSegment>.Shared.Rent(tagCount));
        try
        {
            return TryCanonicalize(name, destination, tags[..tagCount], out written);
        }
        finally
        {
            if (rentedTags is not null)
            {
                ArrayPool<TagSegment>.Shared.Return(rentedTags);
            }
        }
    }

    /// <param name="name">A path containing at least one ';'.</param>
    /// <param name="destination">At least <c>name.Length</c> bytes.</param>
    /// <param name="tags">Exactly one slot per ';' in <paramref name="name"/>.</param>
    internal static bool TryCanonicalize(ReadOnlySpan<byte> name, Span<byte> destination, Span<TagSegment> tags, out int written)
    {
        written = 0;
        var metricEnd = name.IndexOf((byte)';');
        var metric = name[..metricEnd];
        var metricAsTagValue = metric.TrimStart((byte)'~');
        if (metricAsTagValue.IsEmpty)
        {
            return false;
        }

        var count = 0;
        var segmentStart = metricEnd + 1;
        while (true)
        {
            var nextSemicolon = name[segmentStart..].IndexOf((byte)';');
            var segmentEnd = nextSemicolon < 0 ? name.Length : segmentStart + nextSemicolon;
            var segment = name[segmentStart..segmentEnd];
            var equals = segment.IndexOf((byte)'=');
            if (equals <= 0 || !IsValidTag(segment[..equals]) || !IsValidTagValue(segment[(equals + 1)..]))
            {
                return false;
            }

            tags[count] = new TagSegment(segmentStart, equals, segment.Length, count);
            count++;
            if (nextSemicolon < 0)
            {
                break;
            }

            segmentStart = segmentEnd + 1;
        }

        Sort(tags, name);

        metricAsTagValue.CopyTo(destination);
        written = metricAsTagValue.Length;
        for (var i = 0; i < tags.Length; i++)
        {
            var key = tags[i].Key(name);
            // Equal keys sort by arrival, so only the last of a run survives, like a Python dict assignment.
            var overwrittenLater = i + 1 < tags.Length && key.SequenceEqual(tags[i + 1].Key(name));
            if (overwrittenLater || key.SequenceEqual("name"u8))
            {
                continue;
            }

            destination[written++] = (byte)';';
            var segment = tags[i].Segment(name);
            segment.CopyTo(destination[written..]);
            written += segment.Length;
        }

        return true;
    }

    // ';' and '=' cannot occur here by construction (we split on them); spaces were rejected with the path.
    private static bool IsValidTag(ReadOnlySpan<byte> tag) => tag.IndexOfAny((byte)'!', (byte)'^') < 0;

    private static bool IsValidTagValue(ReadOnlySpan<byte> value) => !value.IsEmpty && value[0] != '~';

    /// <summary>
    /// Python sorts the strings <c>";tag=value"</c>; with distinct tags that equals comparing <c>tag + "="</c>,
    /// which differs from plain tag order when one tag is a prefix of another (<c>a1</c> sorts before <c>a</c>).
    /// </summary>
    internal static int CompareTags(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        var common = Math.Min(left.Length, right.Length);
        var order = left[..common].SequenceCompareTo(right[..common]);
        if (order != 0 || left.Length == right.Length)
        {
            return order;
        }

        return left.Length < right.Length ? '=' - right[common] : left[common] - '=';
    }

    private static int Compare(in TagSegment left, in TagSegment right, ReadOnlySpan<byte> name)
    {
        var order = CompareTags(left.Key(name), right.Key(name));
        return order != 0 ? order : left.Arrival.CompareTo(right.Arrival);
    }

    /// <summary>Insertion sort for the usual handful of tags, heapsort beyond: no recursion, O(n log n) worst case.</summary>
    private static void Sort(Span<TagSegment> tags, ReadOnlySpan<byte> name)
    {
        if (tags.Length <= 16)
        {
            for (var i = 1; i < tags.Length; i++)
            {
                var current = tags[i];
                var j = i - 1;
                while (j >= 0 && Compare(tags[j], current, name) > 0)
                {
                    tags[j + 1] = tags[j];
                    j--;
                }

                tags[j + 1] = current;
            }

            return;
        }

        for (var start = (tags.Length / 2) - 1; start >= 0; start--)
        {
            SiftDown(tags, start, tags.Length, name);
        }

        for (var end = tags.Length - 1; end > 0; end--)
        {
            (tags[0], tags[end]) = (tags[end], tags[0]);
            SiftDown(tags, 0, end, name);
        }
    }

    private static void SiftDown(Span<TagSegment> heap, int root, int length, ReadOnlySpan<byte> name)
    {
        while (true)
        {
            var largest = root;
            var left = (2 * root) + 1;
            var right = left + 1;
            if (left < length && Compare(heap[left], heap[largest], name) > 0)
            {
                largest = left;
            }

            if (right < length && Compare(heap[right], heap[largest], name) > 0)
            {
                largest = right;
            }

            if (largest == root)
            {
                return;
            }

            (heap[root], heap[largest]) = (heap[largest], heap[root]);
            root = largest;
        }
    }

    /// <summary>One <c>tag=value</c> segment, as offsets into the path.</summary>
    internal readonly record struct TagSegment(int Start, int KeyLength, int Length, int Arrival)
    {
        public ReadOnlySpan<byte> Key(ReadOnlySpan<byte> name) => name.Slice(Start, KeyLength);

        public ReadOnlySpan<byte> Segment(ReadOnlySpan<byte> name) => name.Slice(Start, Length);
    }
}
