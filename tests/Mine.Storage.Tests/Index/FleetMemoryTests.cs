using Mine.Storage.Index;
using Xunit.Abstractions;

namespace Mine.Storage.Tests.Index;

/// <summary>Runs alone: it measures the managed heap, which tests running in parallel would disturb.</summary>
[CollectionDefinition(nameof(FleetMemoryTests), DisableParallelization = true)]
public class FleetMemoryCollection;

[Collection(nameof(FleetMemoryTests))]
public class FleetMemoryTests(ITestOutputHelper output)
{
    [Fact]
    public void The_1300_host_fleet_fits_well_under_50_MB()
    {
        var names = FleetNames.Generate(1300).ToArray();
        var before = GC.GetTotalMemory(forceFullCollection: true);

        var index = new MetricNameIndex();
        for (var i = 0; i < names.Length; i++)
        {
            index.TryAdd(names[i], i);
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(index);
        var megabytes = (after - before) / 1024.0 / 1024.0;
        output.WriteLine($"{names.Length} names: {megabytes:F1} MB retained by the index");

        Assert.Equal(124_800, index.Count);
        Assert.Equal(1300 * 32, index.Find("servers.*.cpu-*.*").Count);
        Assert.Equal(260 * 3, index.FindLeaves("servers.web-*.load.load.*").Count);
        Assert.InRange(megabytes, 0, 25);
    }
}
