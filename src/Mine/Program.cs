using System.CommandLine;
using System.Reflection;
using Mine.Hosting;

namespace Mine;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var options = new (Option<string?> Option, string Key)[]
        {
            (new Option<string?>("--data") { Description = "Data folder of the embedded store (default ./data)." }, nameof(MineOptions.Data)),
            (new Option<string?>("--http") { Description = "HTTP API address, host:port or off (default 0.0.0.0:8080)." }, nameof(MineOptions.Http)),
            (new Option<string?>("--plaintext") { Description = "Graphite plaintext TCP+UDP address, host:port or off (default 0.0.0.0:2003)." }, nameof(MineOptions.Plaintext)),
            (new Option<string?>("--pickle") { Description = "Graphite pickle TCP address, host:port or off (default 0.0.0.0:2004)." }, nameof(MineOptions.Pickle)),
            (new Option<string?>("--schemas") { Description = "carbon storage-schemas.conf to use instead of the built-in retentions." }, nameof(MineOptions.Schemas)),
            (new Option<string?>("--aggregation") { Description = "carbon storage-aggregation.conf to use instead of the built-in rules." }, nameof(MineOptions.Aggregation)),
            (new Option<string?>("--node-name") { Description = "Name for Mine's own metrics, stored under mine.<node>. (default: host name)." }, nameof(MineOptions.NodeName)),
            (new Option<string?>("--collectd") { Description = "collectd network protocol, UDP host:port or off (default 0.0.0.0:25826); a multicast address is joined." }, nameof(MineOptions.Collectd)),
            (new Option<string?>("--collectd-security-level") { Description = "None | Sign | Encrypt, as collectd's SecurityLevel (default None)." }, nameof(MineOptions.CollectdSecurityLevel)),
            (new Option<string?>("--collectd-auth-file") { Description = "collectd AuthFile (user: password per line), needed for Sign and Encrypt." }, nameof(MineOptions.CollectdAuthFile)),
            (new Option<string?>("--wal-sync") { Description = "WAL fsync policy: none | interval | always (default interval: at most 1 s lost on power failure, nothing on a crash)." }, nameof(MineOptions.WalSync)),
        };

        var typesDb = new Option<string[]>("--collectd-types-db") { Description = "Extra collectd types.db file (repeatable).", AllowMultipleArgumentsPerToken = false };
        var serve = new Command("serve", "Run Mine: Graphite and collectd listeners, the embedded store and the HTTP API.");
        foreach (var (option, _) in options)
        {
            serve.Options.Add(option);
        }

        serve.Options.Add(typesDb);

        serve.SetAction(async (parseResult, cancellationToken) =>
        {
            var overrides = new Dictionary<string, string?>();
            foreach (var (option, key) in options)
            {
                var value = parseResult.GetValue(option);
                if (value is not null)
                {
                    overrides[$"{MineOptions.Section}:{key}"] = value;
                }
            }

            var typesDbFiles = parseResult.GetValue(typesDb) ?? [];
            for (var i = 0; i < typesDbFiles.Length; i++)
            {
                overrides[$"{MineOptions.Section}:{nameof(MineOptions.CollectdTypesDb)}:{i}"] = typesDbFiles[i];
            }

            return await MineServer.RunAsync(overrides, cancellationToken).ConfigureAwait(false);
        });

        var version = new Command("version", "Print Mine's version.");
        version.SetAction(_ =>
        {
            Console.WriteLine($"mine {typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.1.0"}");
            return 0;
        });

        var root = new RootCommand("Mine: a monitoring system for server fleets, Graphite-compatible.") { serve, version };
        return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
    }
}
