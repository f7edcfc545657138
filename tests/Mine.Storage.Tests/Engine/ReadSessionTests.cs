using Mine.Storage.Engine;

namespace Mine.Storage.Tests.Engine;

/// <summary>Reads under one hold on the engine's state answer exactly as single reads, whatever the engine does meanwhile.</summary>
public class ReadSessionTests
{
    private const long T0 = EngineFixture.T0;

    [Fact]
    public void Session_reads_equal_single_reads_across_parts_frozen_and_active_heads_and_archives()
    {
        using var store = new EngineFixture();
        for (var i = 0; i < 40; i++)
        {
            store.Write(($"s.{i % 5}", T0 + (i * 60), i));
        }

        store.Engine.FlushNow(); // parts
        store.Write(("s.0", T0 + 60, 100), ("s.1", T0 + 3000, 101)); // active head over the parts
        var series = store.Engine.FindSeries("s.*");
        Assert.Equal(5, series.Count);

        using var session = store.Engine.BeginReads();
        foreach (var (from, until) in new[] { (T0, T0 + 3600), (T0 - 86_400 * 2, T0 + 3600) }) // fine and coarse archive
        {
            foreach (var handle in series)
            {
                var single = store.Engine.Fetch(handle, from, until, store.Clock.Now)!;
                var held = session.Fetch(handle, from, until, store.Clock.Now)!;
                Assert.Equal(single.Name, held.Name);
                Assert.Equal((single.Start, single.End, single.Step), (held.Start, held.End, held.Step));
                Assert.Equal(single.Values, held.Values);
            }
        }
    }

    [Fact]
    public void A_session_keeps_reading_the_parts_a_merge_retired_under_it()
    {
        using var store = new EngineFixture();
        for (var round = 0; round < 3; round++)
        {
            store.Write(("m.a", T0 + (round * 60), round + 1));
            store.Engine.FlushNow(); // one part per round
        }

        var id = store.Engine.FindSeries("m.a")[0];
        var expected = store.Engine.Fetch(id, T0, T0 + 240, store.Clock.Now)!.Values;
        var session = store.Engine.BeginReads();
        store.Engine.CompactNow(); // merges the three parts into one and retires them

        Assert.Equal(expected, session.Fetch(id, T0, T0 + 240, store.Clock.Now)!.Values);
        session.Dispose();
        session.Dispose(); // twice is harmless
        Assert.Throws<ObjectDisposedException>(() => session.Fetch(id, T0, T0 + 240, store.Clock.Now));
        Assert.Equal(expected, store.Engine.Fetch(id, T0, T0 + 240, store.Clock.Now)!.Values);
    }

    [Fact]
    public async Task Parallel_session_reads_under_concurrent_writes_flushes_and_merges_never_fail()
    {
        using var store = new EngineFixture();
        for (var i = 0; i < 200; i++)
        {
            store.Write(($"p.{i % 50}", T0 + ((i / 50) * 60), i));
        }

        store.Engine.FlushNow();
        var ids = store.Engine.FindSeries("p.*");
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            for (var round = 0; !stop.IsCancellationRequested && round < 200; round++)
            {
                store.Write(($"p.{round % 50}", T0 + 600 + (round % 40 * 60), round));
                if (round % 20 == 0)
                {
                    store.Engine.FlushNow();
                }

                if (round % 50 == 0)
                {
                    store.Engine.CompactNow();
                }
            }
        });

        for (var attempt = 0; attempt < 30; attempt++)
        {
            using var session = store.Engine.BeginReads();
            Parallel.For(0, ids.Count, i =>
            {
                var series = session.Fetch(ids[i], T0, T0 + 240, store.Clock.Now)!;
                Assert.Equal(4, series.Values.Length);
                Assert.False(double.IsNaN(series.Values[0]), $"{ids[i].Name} lost its first point");
            });
        }

        stop.Cancel();
        await writer;
    }
}
