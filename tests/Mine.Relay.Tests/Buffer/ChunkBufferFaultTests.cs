using Mine.Relay.Buffer;
using static Mine.Relay.Tests.Buffer.BufferPoints;

namespace Mine.Relay.Tests.Buffer;

public sealed class ChunkBufferFaultTests
{
    [Fact]
    public void A_seal_that_fails_keeps_its_points_staged_and_the_next_SealDue_retries_it()
    {
        using var folder = new BufferFolder();
        var failing = true;
        var options = new ChunkBufferOptions
        {
            ChunkLimitBytes = 1000,
            TotalLimitBytes = 1 << 20,
            FaultInjection = point =>
            {
                if (failing && point == ChunkBufferOptions.SealWritePoint)
                {
                    throw new IOException("No space left on device");
                }
            },
        };
        using var buffer = folder.Open(options);

        Append(buffer, 0, 3);
        folder.Clock.Advance(TimeSpan.FromSeconds(1));
        var failed = Assert.Throws<IOException>(() => buffer.SealDue());
        Assert.Contains("No space left on device", failed.Message, StringComparison.Ordinal);
        Assert.Single(folder.Files(pattern: "*.staged"));
        Assert.Empty(folder.Files(pattern: "*.chunk*"));
        Assert.Equal(1, buffer.Stats(0).ChunksStaged);

        // Chunks filled meanwhile wait for the loop too; the appends themselves succeed.
        AppendOnly(buffer, 3, 40);
        failed = Assert.Throws<IOException>(() => buffer.SealDue());
        Assert.Contains("stay staged and sealing is retried", failed.Message, StringComparison.Ordinal);
        Assert.Equal(3, folder.Files(pattern: "*.staged").Length);

        failing = false;
        Assert.Equal(2, buffer.SealDue());
        SealAll(buffer, folder.Clock);
        Assert.Equal(Enumerable.Range(0, 43).Select(n => (long)n), Drain(buffer));
        Assert.Empty(folder.Files());
    }

    [Fact]
    public void Points_whose_seal_keeps_failing_are_recovered_at_the_next_start()
    {
        using var folder = new BufferFolder();
        var options = new ChunkBufferOptions
        {
            ChunkLimitBytes = 1000,
            TotalLimitBytes = 1 << 20,
            FaultInjection = _ => throw new IOException("Input/output error"),
        };
        using (var buffer = folder.Open(options))
        {
            AppendOnly(buffer, 0, 30);
            Assert.Throws<IOException>(() => buffer.SealDue());
        }

        Assert.Equal(2, folder.Files(pattern: "*.staged").Length);
        using var reopened = folder.Open(options with { FaultInjection = null });
        Assert.Equal(Enumerable.Range(0, 30).Select(n => (long)n), Drain(reopened));
    }
}
