namespace Mine.TestKit.Contract;

/// <summary>
/// Tagged series whose seriesByTag, listing and auto-completion answers were taken from graphite-web 1.1.8 after
/// tagging the same series there; shared by the contract tests and the tag index's own tests.
/// </summary>
public static class TaggedSeriesFixture
{
    public static IReadOnlyList<string> Names { get; } =
    [
        "disk.used;dc=la;host=a",
        "disk.used;dc=la;host=b",
        "disk.used;dc=ny;host=c",
        "disk.free;dc=la;host=a",
        "cpu.load;dc=ny;host=a;rack=r1",
        "cpu.load;dc=sf;env=prod;host=d;rack=r2",
        "net.rx;dc=la-2;host=e",
        "q.expr;expr=a=b;host=a",
        "web.hits;dc=LA;host=b",
    ];
}
