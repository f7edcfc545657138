using System.Buffers;
using System.Diagnostics;
using Mine.Core.Series;
using Mine.Protocols.Pickle;
using Mine.Protocols.Tests.TestSupport;
using static Mine.Protocols.Tests.Pickle.PickleTestHarness;

namespace Mine.Protocols.Tests.Pickle;

public sealed class PicklePointWriterTests
{
    [Fact]
    public void Written_frames_parse_back_to_the_same_points_in_frames_of_at_most_500()
    {
        var batch = new PointBatch();
        for (var i = 0; i < 1203; i++)
        {
            batch.Add($"host{i % 7}.cpu;dc=eu-{i}", 1_700_000_000L + i, i * 0.25);
        }

        batch.Add("big.time", 5_000_000_000L, -1e300);
        var output = new ArrayBufferWriter<byte>();
        PicklePointWriter.WriteFrames(output, batch);

        var frames = 0;
        var parsed = new List<ParsedPoint>();
        var bytes = output.WrittenMemory;
        while (bytes.Length > 0)
        {
            Assert.Equal(PickleFrameStatus.Complete, PickleFrameDecoder.TryReadFrame(bytes.Span, out var payload, out var length));
            var (unpickled, points, counters) = Parse(payload.ToArray());
            Assert.True(unpickled, counters.LastFrameError);
            Assert.True(points.Count <= PicklePointWriter.MaxPointsPerFrame);
            parsed.AddRange(points);
            bytes = bytes[length..];
            frames++;
        }

        Assert.Equal(3, frames);
        Assert.Equal(batch.Count, parsed.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            Assert.Equal(new ParsedPoint(System.Text.Encoding.UTF8.GetString(batch.Name(i)), batch.Timestamp(i), batch.Value(i)), parsed[i]);
        }
    }

    [Fact]
    public void CPython_unpickles_a_written_frame_as_carbon_would()
    {
        if (!File.Exists("/usr/bin/python3"))
        {
            Assert.Fail("/usr/bin/python3 is needed to check the frame against CPython's pickle");
        }

        var batch = new PointBatch();
        batch.Add("a.b.c", 1_700_000_000, 1.5);
        batch.Add("x.y;k=v", 1_700_000_001, 42);
        var output = new ArrayBufferWriter<byte>();
        PicklePointWriter.WriteFrames(output, batch);

        var start = new ProcessStartInfo("/usr/bin/python3", ["-c", "import pickle,sys; d=sys.stdin.buffer.read(); print(repr(pickle.loads(d[4:])))"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        };
        using var python = Process.Start(start)!;
        python.StandardInput.BaseStream.Write(output.WrittenSpan);
        python.StandardInput.Close();
        var printed = python.StandardOutput.ReadToEnd().Trim();
        python.WaitForExit();

        Assert.Equal("[('a.b.c', (1700000000, 1.5)), ('x.y;k=v', (1700000001, 42.0))]", printed);
    }
}
