using System.Buffers.Text;
using System.Runtime.CompilerServices;

namespace Mine.Compat.Python;

/// <summary>The datapoints of format=json: the hot loop of wide renders.</summary>
public sealed partial class PythonJsonWriter
{
    /// <summary>Bytes per pre-written timestamp: the longest (a negative 19-digit number) is 20.</summary>
    private const int StampSlot = 24;

    /// <summary>Tables beyond this many points are not kept (a long series formats its stamps one by one).</summary>
    private const int MaxStamps = 4096;

    private long _stampStart;
    private long _stampStride;
    private int _stampCount;
    private byte[] _stampText = [];
    private byte[] _stampLengths = [];

    /// <summary>
    /// renderViewJson's <c>[value, timestamp]</c> pairs for the points of one series (the hot loop of
    /// format=json): point i at <c>start + i * stride</c>, None/NaN as null and ±Infinity as ±1e9999, i.e. after
    /// graphite-web's text replacement; with <paramref name="skipNulls"/> NaN points are left out (noNullPoints).
    /// Compact output is written in batches straight into the output's buffer; indented output goes item by item.
    /// </summary>
    public void WriteRenderDatapoints(ReadOnlySpan<double> points, long start, long stride, bool skipNulls)
    {
        if (_indent > 0)
        {
            for (var i = 0; i < points.Length; i++)
            {
                if (!(skipNulls && double.IsNaN(points[i])))
                {
                    WriteIndentedDatapoint(points[i], start + (i * stride));
                }
            }

            return;
        }

        // Longest item: ", [" + a 24-byte repr + ", " + a 20-byte timestamp + "]"; at least a stamp slot more
        // than that is left after any item's timestamp.
        const int MaxItem = 64;
        const int Batch = 256;
        var stamps = PrepareStamps(start, stride, points.Length);
        var first = true;
        var separate = _depth > 0; // after the first item, every item inside an array follows a separator
        for (var from = 0; from < points.Length; from += Batch)
        {
            var to = Math.Min(points.Length, from + Batch);
            var destination = _output.GetSpan((to - from) * MaxItem);
            var written = 0;
            for (var i = from; i < to; i++)
            {
                var value = points[i];
                var isNaN = double.IsNaN(value);
                if (skipNulls && isNaN)
                {
                    continue;
                }

                if (!first)
                {
                    if (separate)
                    {
                        destination[written++] = (byte)',';
                        destination[written++] = (byte)' ';
                    }
                }
                else if (_afterPropertyName)
                {
                    _afterPropertyName = false;
                    first = false;
                }
                else
                {
                    if (_depth > 0 && !_containerIsEmpty[_depth])
                    {
                        destination[written++] = (byte)',';
                        destination[written++] = (byte)' ';
                    }

                    if (_depth > 0)
                    {
                        _containerIsEmpty[_depth] = false;
                    }

                    first = false;
                }

                destination[written++] = (byte)'[';
                if (isNaN)
                {
                    "null"u8.CopyTo(destination[written..]);
                    written += 4;
                }
                else if (double.IsInfinity(value))
                {
                    var token = value > 0 ? "1e9999"u8 : "-1e9999"u8;
                    token.CopyTo(destination[written..]);
                    written += token.Length;
                }
                else
                {
                    written += PythonFloat.FormatRepr(value, destination[written..]);
                }

                destination[written++] = (byte)',';
                destination[written++] = (byte)' ';
                if (i < stamps)
                {
                    // A whole slot is copied (the item's reserve leaves room), then only the stamp's length counts.
                    Unsafe.CopyBlockUnaligned(ref destination[written], ref _stampText[i * StampSlot], StampSlot);
                    written += _stampLengths[i];
                }
                else
                {
                    written += WriteTimestamp(start + (i * stride), destination[written..]);
                }

                destination[written++] = (byte)']';
            }

            _output.Advance(written);
        }
    }

    private static int WriteTimestamp(long timestamp, Span<byte> destination)
    {
        if (timestamp > 0)
        {
            return ShortestDecimal.WriteInteger((ulong)timestamp, destination);
        }

        Utf8Formatter.TryFormat(timestamp, destination, out var length);
        return length;
    }

    private void WriteIndentedDatapoint(double value, long timestamp)
    {
        StartArray();
        if (double.IsNaN(value))
        {
            WriteNull();
        }
        else if (double.IsInfinity(value))
        {
            WriteRawValue(value > 0 ? "1e9999"u8 : "-1e9999"u8);
        }
        else
        {
            WriteFloat(value);
        }

        WriteInt64(timestamp);
        EndArray();
    }

    /// <summary>
    /// The text of timestamps <c>start + i * stride</c>: every series of an answer usually shares start and stride,
    /// so each is written once per writer and then copied. Returns how many points the table covers.
    /// </summary>
    private int PrepareStamps(long start, long stride, int count)
    {
        if (start != _stampStart || stride != _stampStride)
        {
            _stampStart = start;
            _stampStride = stride;
            _stampCount = 0;
        }

        var wanted = Math.Min(count, MaxStamps);
        if (wanted > _stampCount)
        {
            if (wanted > _stampLengths.Length)
            {
                var capacity = Math.Min(MaxStamps, Math.Max(wanted, _stampLengths.Length * 2));
                Array.Resize(ref _stampText, capacity * StampSlot);
                Array.Resize(ref _stampLengths, capacity);
            }

            for (var i = _stampCount; i < wanted; i++)
            {
                _stampLengths[i] = (byte)WriteTimestamp(start + (i * stride), _stampText.AsSpan(i * StampSlot, StampSlot));
            }

            _stampCount = wanted;
        }

        return wanted;
    }
}
