using System.Globalization;
using System.Text;

namespace Mine.Relay.Tests.Routing;

/// <summary>Metric names for placement tests: collectd-style dotted paths, carbon's own, and tagged series.</summary>
internal static class RouteNames
{
    /// <summary><paramref name="count"/> distinct names, the same every run; every tenth is tagged, and some of the
    /// tagged ones list their tags out of order (neither relay sorts them before hashing).</summary>
    public static List<string> Make(int count)
    {
        string[] plugins = ["cpu-0.cpu-user", "cpu-1.cpu-idle", "load.load.shortterm", "memory.memory-used", "df-root.df_complex-free", "interface-eth0.if_octets.rx"];
        var names = new List<string>(count);
        for (var i = 0; names.Count < count; i++)
        {
            var host = string.Create(CultureInfo.InvariantCulture, $"web{i / plugins.Length:D4}");
            var plugin = plugins[i % plugins.Length];
            names.Add((i % 10) switch
            {
                3 => $"collectd.{host}.{plugin};dc=dc{i % 3};role=web",
                7 => $"app.requests.{host};status={i % 5}xx;dc=eu",
                5 => $"stats.timers.{host}.api_call-{i % 7}.p95",
                _ => $"collectd.{host}.{plugin}",
            });
        }

        return names;
    }

    public static byte[] Bytes(string name) => Encoding.UTF8.GetBytes(name);
}
