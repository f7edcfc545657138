using Mine.Relay.Forward;
using Mine.TestKit.Network;
using Xunit.Abstractions;

namespace Mine.Relay.Tests.Forward;

public sealed class ForwardBackoffTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(4, 8)]
    [InlineData(5, 16)]
    [InlineData(6, 30)]
    [InlineData(7, 30)]
    [InlineData(10_000, 30)]
    public void The_kth_retry_waits_one_second_times_two_to_the_k_minus_one_capped_at_30(int retry, double seconds)
    {
        Assert.Equal(seconds, ForwardBackoff.Delay(retry, Second, Cap, 0.125, unit: 0.5).TotalSeconds, 9);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(6)]
    [InlineData(40)]
    public void Randomization_moves_a_wait_by_at_most_an_eighth_either_way_after_the_cap(int retry)
    {
        var plain = ForwardBackoff.Delay(retry, Second, Cap, 0.125, unit: 0.5);

        Assert.Equal(plain * 0.875, ForwardBackoff.Delay(retry, Second, Cap, 0.125, unit: 0));
        Assert.True(ForwardBackoff.Delay(retry, Second, Cap, 0.125, unit: 0.999_999) < plain * 1.125);
        Assert.True(ForwardBackoff.Delay(retry, Second, Cap, 0.125, unit: 0.999_999) > plain * 1.1249);
    }

    [Fact]
    public async Task The_client_waits_as_the_schedule_says_between_failed_connections_and_starts_again_after_an_acknowledgement()
    {
        await using var rig = new ForwardRig(output);
        rig.StartListener();
        await using var proxy = new FaultyTcpProxy(rig.EndPoint);
        proxy.SetFault(ProxyFault.ResetOnConnect);
        var time = new ManualTime(DateTimeOffset.UtcNow);
        var options = ForwardRig.FastClient with { FirstRetryDelay = Second, MaxRetryDelay = Cap, Time = time };
        using var source = new FakeChunkSource([TestChunks.Make(1)]);
        var client = rig.StartClient(source, proxy.EndPoint, options);
        await ForwardRig.WaitUntil(() => time.WaitsSoFar().Length >= 8, "eight waits were asked for");

        proxy.SetFault(ProxyFault.None);
        await source.AllDone(TimeSpan.FromSeconds(20));
        var healed = time.WaitsSoFar().Length;
        proxy.SetFault(ProxyFault.ResetOnConnect);
        proxy.ResetAll();
        await ForwardRig.WaitUntil(() => time.WaitsSoFar().Length >= healed + 2, "two more waits were asked for");

        var waits = time.WaitsSoFar();
        double[] expected = [1, 2, 4, 8, 16, 30, 30, 30];
        for (var k = 0; k < expected.Length; k++)
        {
            Assert.InRange(waits[k].TotalSeconds, expected[k] * 0.875, expected[k] * 1.125);
        }

        // After the acknowledgement the count starts again: the next failure waits about a second, not 30.
        Assert.InRange(waits[healed].TotalSeconds, 0.875, 1.125);
        Assert.InRange(waits[healed + 1].TotalSeconds, 1.75, 2.25);
        Assert.Equal(1, client.Counters.ChunksAcknowledged);
    }
}
