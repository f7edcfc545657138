using System.Text;
using Mine.Core.Series;

namespace Mine.Protocols.Tests.TestSupport;

internal static class PointAssert
{
    /// <summary>Every point a parser emits must satisfy the rules, whatever garbage it was fed.</summary>
    public static void AllStorable(PointBatch batch, long now)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            var name = batch.Name(i);
            Assert.False(name.IsEmpty);
            Assert.True(System.Text.Unicode.Utf8.IsValid(name), "name is valid UTF-8");
            foreach (var b in name)
            {
                Assert.True(b > 0x20 && b != 0x7f, $"name byte 0x{b:x2} in '{Encoding.UTF8.GetString(name)}'");
            }

            Assert.False(double.IsNaN(batch.Value(i)));
            var timestamp = batch.Timestamp(i);
            Assert.True(timestamp == now || (timestamp >= 0 && timestamp <= 253_402_300_799), $"timestamp {timestamp}");
        }
    }
}
