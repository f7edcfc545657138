using System.Buffers;
using Mine.Compat.Python;
using Mine.Core.Series;
using Mine.Query.Render.Formats;

namespace Mine.Query.Find;

/// <summary>
/// format=pickle and format=msgpack: what a graphite-web front end with Mine in <c>CLUSTER_SERVERS</c> asks
/// for (finders/remote.py sends <c>local=1&amp;format=pickle</c>, or msgpack when configured), written as
/// metrics/views.py's <c>pickle_nodes</c> and <c>msgpack_nodes</c> do: one dict per node in find order,
/// <c>{"path", "is_leaf"}</c>, leaves adding <c>"intervals"</c>.
/// </summary>
public static partial class FindFormats
{
    /// <summary>metrics/views.py's Content-Type for format=pickle.</summary>
    public const string PickleContentType = "application/pickle";

    /// <summary>
    /// metrics/views.py's Content-Type for format=msgpack; the remote finder reads any other type as a pickle.
    /// </summary>
    public const string MsgPackContentType = "application/x-msgpack";

    private const string IntervalsModule = "graphite.intervals";

    /// <summary>
    /// pickle_nodes(): a leaf's <c>intervals</c> is graphite-web's own <c>graphite.intervals.IntervalSet</c> of
    /// <c>Interval</c> objects, pickled as class references with their attribute dicts (<c>intervals</c>,
    /// <c>size</c>; <c>start</c>, <c>end</c>, <c>tuple</c>, <c>size</c>): the two classes graphite-web's restricted
    /// unpickler admits besides plain data. Protocol 2 (graphite-web uses the highest; every Python 3 reads both).
    /// </summary>
    /// <param name="intervalsOf">The time spans a leaf holds data for.</param>
    public static void WritePickle(IBufferWriter<byte> output, IReadOnlyList<MetricNode> nodes, Func<MetricNode, IReadOnlyList<FindInterval>> intervalsOf)
    {
        ArgumentNullException.ThrowIfNull(intervalsOf);
        var sorted = Sort(nodes);
        output.WriteBytes([0x80, 2]); // PROTO 2
        output.WriteBytes("]"u8);     // EMPTY_LIST
        if (sorted.Length > 0)
        {
            output.WriteBytes("("u8); // MARK
            foreach (var node in sorted)
            {
                output.WriteBytes("}("u8); // EMPTY_DICT, MARK
                PickleRenderWriter.WriteString(output, "path");
                PickleRenderWriter.WriteString(output, node.Path);
                PickleRenderWriter.WriteString(output, "is_leaf");
                output.WriteByte(node.IsLeaf ? (byte)0x88 : (byte)0x89); // NEWTRUE / NEWFALSE
                if (node.IsLeaf)
                {
                    PickleRenderWriter.WriteString(output, "intervals");
                    WritePickledIntervalSet(output, intervalsOf(node));
                }

                output.WriteBytes("u"u8); // SETITEMS
            }

            output.WriteBytes("e"u8); // APPENDS
        }

        output.WriteBytes("."u8); // STOP
    }

    /// <summary>
    /// msgpack_nodes(): <c>msgpack.dumps(..., use_bin_type=True)</c> of <c>{"path", "is_leaf"[, "intervals":
    /// [[start, end], ...]]}</c> (each interval as its <c>tuple</c>).
    /// </summary>
    /// <param name="intervalsOf">The time spans a leaf holds data for.</param>
    public static void WriteMsgPack(IBufferWriter<byte> output, IReadOnlyList<MetricNode> nodes, Func<MetricNode, IReadOnlyList<FindInterval>> intervalsOf)
    {
        ArgumentNullException.ThrowIfNull(intervalsOf);
        var sorted = Sort(nodes);
        MsgPackRenderWriter.WriteArrayHeader(output, sorted.Length);
        foreach (var node in sorted)
        {
            MsgPackRenderWriter.WriteHeader(output, node.IsLeaf ? 3 : 2, 0x80, 0xde); // map
            MsgPackRenderWriter.WriteString(output, "path");
            MsgPackRenderWriter.WriteString(output, node.Path);
            MsgPackRenderWriter.WriteString(output, "is_leaf");
            output.WriteByte(node.IsLeaf ? (byte)0xc3 : (byte)0xc2);
            if (node.IsLeaf)
            {
                var intervals = intervalsOf(node);
                MsgPackRenderWriter.WriteString(output, "intervals");
                MsgPackRenderWriter.WriteArrayHeader(output, intervals.Count);
                foreach (var interval in intervals)
                {
                    MsgPackRenderWriter.WriteArrayHeader(output, 2);
                    MsgPackRenderWriter.WriteFloat(output, interval.Start);
                    MsgPackRenderWriter.WriteFloat(output, interval.End);
                }
            }
        }
    }

    /// <summary>An IntervalSet as pickle's NEWOBJ + BUILD: <c>{"intervals": [Interval, ...], "size": total}</c>.</summary>
    private static void WritePickledIntervalSet(IBufferWriter<byte> output, IReadOnlyList<FindInterval> intervals)
    {
        WritePickleNewObject(output, "IntervalSet");
        output.WriteBytes("}("u8);
        PickleRenderWriter.WriteString(output, "intervals");
        output.WriteBytes("]"u8);
        var size = 0.0;
        if (intervals.Count > 0)
        {
            output.WriteBytes("("u8);
            foreach (var interval in intervals)
            {
                WritePickledInterval(output, interval);
                size += interval.End - interval.Start;
            }

            output.WriteBytes("e"u8);
        }

        PickleRenderWriter.WriteString(output, "size");
        PickleRenderWriter.WriteFloat(output, size);
        output.WriteBytes("ub"u8); // SETITEMS, BUILD
    }

    /// <summary>An Interval's attributes as its __init__ sets them: start, end, tuple (start, end), size.</summary>
    private static void WritePickledInterval(IBufferWriter<byte> output, FindInterval interval)
    {
        WritePickleNewObject(output, "Interval");
        output.WriteBytes("}("u8);
        PickleRenderWriter.WriteString(output, "start");
        PickleRenderWriter.WriteFloat(output, interval.Start);
        PickleRenderWriter.WriteString(output, "end");
        PickleRenderWriter.WriteFloat(output, interval.End);
        PickleRenderWriter.WriteString(output, "tuple");
        PickleRenderWriter.WriteFloat(output, interval.Start);
        PickleRenderWriter.WriteFloat(output, interval.End);
        output.WriteByte(0x86); // TUPLE2
        PickleRenderWriter.WriteString(output, "size");
        PickleRenderWriter.WriteFloat(output, interval.End - interval.Start);
        output.WriteBytes("ub"u8); // SETITEMS, BUILD
    }

    /// <summary><c>cls.__new__(cls)</c>: GLOBAL "graphite.intervals\n&lt;name&gt;\n", EMPTY_TUPLE, NEWOBJ.</summary>
    private static void WritePickleNewObject(IBufferWriter<byte> output, string className)
    {
        output.WriteByte((byte)'c');
        output.WriteUtf8(IntervalsModule);
        output.WriteByte((byte)'\n');
        output.WriteUtf8(className);
        output.WriteByte((byte)'\n');
        output.WriteBytes(")"u8);
        output.WriteByte(0x81);
    }
}
