using System.Net.Sockets;
using Microsoft.Extensions.Configuration;

namespace Mine.Hosting;

/// <summary>Values of the right type that Mine still cannot use: addresses, names from a fixed set, numbers out of
/// their range.</summary>
internal sealed partial class OptionsValidation
{
    private const string M = MineOptions.Section + ":";
    private const string F = M + nameof(MineOptions.Fleet) + ":";

    /// <summary>What `serve` and `relay` share: the listeners, collectd, TLS, connection limits, self-metrics.</summary>
    private void CheckCommon(MineOptions o)
    {
        Endpoint(nameof(MineOptions.Http), o.Http);
        Endpoint(nameof(MineOptions.Plaintext), o.Plaintext);
        Endpoint(nameof(MineOptions.Pickle), o.Pickle);
        Endpoint(nameof(MineOptions.Collectd), o.Collectd);
        Endpoint(nameof(MineOptions.ForwardListen), o.ForwardListen);
        OneOf(M + nameof(MineOptions.CollectdSecurityLevel), o.CollectdSecurityLevel, "None", "Sign", "Encrypt");
        if (o.CollectdSecurityLevel.Trim() is var level && (level.Equals("Sign", StringComparison.OrdinalIgnoreCase) || level.Equals("Encrypt", StringComparison.OrdinalIgnoreCase))
            && string.IsNullOrEmpty(o.CollectdAuthFile))
        {
            Problem(M + nameof(MineOptions.CollectdSecurityLevel), "needs --collectd-auth-file FILE ('user: password' lines): without one nothing could be verified; give the file or use None");
        }

        CheckCollectdFiles(o);
        CheckWriteGraphite(o.WriteGraphite);
        CheckTls(o);
        CheckHttpAccess(o);
        AtLeast(M + nameof(MineOptions.MaxConnections), o.MaxConnections, 0, "0 chooses half the open-files limit");
        AtLeast(M + nameof(MineOptions.MaxConnectionsPerListener), o.MaxConnectionsPerListener, 0, "0 means only the total cap");
        AtLeast(M + nameof(MineOptions.MaxConnectionsPerSource), o.MaxConnectionsPerSource, 0, "0 means no cap");
        AtLeast(M + nameof(MineOptions.TcpIdleTimeoutSeconds), o.TcpIdleTimeoutSeconds, 0, "0 means never");
        Between(M + nameof(MineOptions.ConnectionBufferBudgetMiB), o.ConnectionBufferBudgetMiB, 1, 1 << 20);
        AtLeast(M + nameof(MineOptions.SelfMetricsIntervalSeconds), o.SelfMetricsIntervalSeconds, 0, "0 turns them off");
        NotBlank(M + nameof(MineOptions.NodeName), o.NodeName);
        foreach (var file in _configuration.ConfigFilesNamingConfigFiles())
        {
            _problems.Add($"{file} names config files in Mine:ConfigFiles: a --config file cannot name further config files (they would not be read); give every file with --config, or list them in appsettings.json beside the binary");
        }
    }

    /// <summary>`serve`'s own: storage, the query limits, the fleet's rules.</summary>
    private void CheckServe(MineOptions o)
    {
        if (string.IsNullOrWhiteSpace(o.Data))
        {
            Problem(M + nameof(MineOptions.Data), "must name the data folder, e.g. data or /var/lib/mine");
        }

        OneOf(M + nameof(MineOptions.WalSync), o.WalSync, "none", "interval", "always");
        CheckStorageFiles(o);
        AtLeast(M + nameof(MineOptions.MaxSeriesPerRequest), o.MaxSeriesPerRequest, 1);
        AtLeast(M + nameof(MineOptions.MaxFindNodes), o.MaxFindNodes, 1);
        AtLeast(M + nameof(MineOptions.MaxPointsPerRequest), o.MaxPointsPerRequest, 1);
        Positive(M + nameof(MineOptions.MaxQuerySeconds), o.MaxQuerySeconds);
        AtLeast(M + nameof(MineOptions.MaxNewSeriesPerSourcePerMinute), o.MaxNewSeriesPerSourcePerMinute, 0, "0 means no limit");
        AtLeast(M + nameof(MineOptions.NewSeriesBurstPerSource), o.NewSeriesBurstPerSource, 0);
        Between(M + nameof(MineOptions.MaxRequestMemoryMB), o.MaxRequestMemoryMB, 1, 1L << 40);
        AtLeast(M + nameof(MineOptions.MaxConcurrentRenders), o.MaxConcurrentRenders, 0, "0 means one per core");
        AtLeast(M + nameof(MineOptions.MaxQueuedRenders), o.MaxQueuedRenders, 0);
        AtLeast(M + nameof(MineOptions.RenderQueueSeconds), o.RenderQueueSeconds, 0);
        Between(M + nameof(MineOptions.RenderNice), o.RenderNice, 0, 19);
        AtLeast(M + nameof(MineOptions.SlowQueryMilliseconds), o.SlowQueryMilliseconds, 0, "0 means never");
        CheckAdminToken(o);
        HostNode(o.Fleet.GraphiteHostNode);
        Positive(F + nameof(FleetSettings.IntervalSeconds), o.Fleet.IntervalSeconds);
        AtLeast(F + nameof(FleetSettings.StaleIntervals), o.Fleet.StaleIntervals, 1);
        AtLeast(F + nameof(FleetSettings.LandmineRefreshSeconds), o.Fleet.LandmineRefreshSeconds, 1);
        CheckGroupRules();
        CheckLandmines(o.Landmines);
        CheckAlerts(o.Alerts);
        CheckClickHouse(o.ClickHouse);
    }

    private void CheckClickHouse(ClickHouseSettings c)
    {
        // Every key is checked, with or without a URL: a wrong value waiting in a config file is wrong already.
        const string C = M + nameof(MineOptions.ClickHouse) + ":";
        if (!string.IsNullOrWhiteSpace(c.Url))
        {
            try
            {
                var endpoint = ClickHouse.Http.ClickHouseEndpoint.Parse(c.Url);
                Identifier(C + nameof(ClickHouseSettings.Url), endpoint.Database, "its database= must be a plain identifier (letters, digits and '_')");
            }
            catch (FormatException ex)
            {
                Problem(C + nameof(ClickHouseSettings.Url), ex.Message);
            }
        }

        Identifier(C + nameof(ClickHouseSettings.Rollup), c.Rollup, "must be a plain identifier (letters, digits and '_'), the name of the rollup section in ClickHouse's config");
        Identifier(C + nameof(ClickHouseSettings.PointsTable), c.PointsTable, "must be a plain table name (letters, digits and '_')");
        Identifier(C + nameof(ClickHouseSettings.IndexTable), c.IndexTable, "must be a plain table name (letters, digits and '_')");
        Identifier(C + nameof(ClickHouseSettings.TaggedTable), c.TaggedTable, "must be a plain table name (letters, digits and '_')");
        if (c.Cluster is { Length: > 0 })
        {
            Identifier(C + nameof(ClickHouseSettings.Cluster), c.Cluster, "must be a cluster name of ClickHouse's remote_servers (letters, digits and '_')");
        }

        AtLeast(C + nameof(ClickHouseSettings.NamesRefreshSeconds), c.NamesRefreshSeconds, 1);
        OneOf(C + nameof(ClickHouseSettings.Compression), c.Compression, "auto", "gzip", "none");
    }

    private void Identifier(string key, string? value, string fix)
    {
        if (value is null || !ClickHouse.Schema.ClickHouseTables.IsIdentifier(value))
        {
            Problem(key, $"'{value}' {fix}");
        }
    }

    /// <summary>The fleet's landmine tuning, then each group's own keys (a key a group leaves out is the fleet's,
    /// already checked).</summary>
    private void CheckLandmines(LandmineOptions l)
    {
        const string L = M + nameof(MineOptions.Landmines) + ":";
        foreach (var (key, fix) in LandmineSetup.Problems(l.K, l.Window, l.History, l.IgnoreMetrics, l.Horizon))
        {
            LandmineProblem(L + key, fix);
        }

        foreach (var (name, own) in l.Groups)
        {
            var set = new[] { (nameof(own.K), own.K is not null), (nameof(own.Window), own.Window is not null), (nameof(own.History), own.History is not null), (nameof(own.IgnoreMetrics), own.IgnoreMetrics is not null), (nameof(own.Horizon), own.Horizon is not null) }
                .Where(static s => s.Item2).Select(static s => s.Item1).ToHashSet(StringComparer.Ordinal);
            foreach (var (key, fix) in LandmineSetup.Problems(own.K ?? l.K, own.Window ?? l.Window, own.History ?? l.History, own.IgnoreMetrics ?? l.IgnoreMetrics, own.Horizon ?? l.Horizon).Where(p => set.Contains(p.Key)))
            {
                LandmineProblem($"{L}{nameof(LandmineOptions.Groups)}:{name}:{key}", fix);
            }
        }
    }

    /// <summary>A list's problem names its first element (where the value is), a value's the key.</summary>
    private void LandmineProblem(string key, string fix)
    {
        if (_unbindable.Contains(key))
        {
            return;
        }

        var elements = _configuration.Root.GetSection(key).GetChildren().Where(static e => e.Value is not null).ToList();
        Problem(elements.Count > 0 ? elements[0].Path : key, fix);
    }

    private void Endpoint(string name, string value)
    {
        var key = M + name;
        if (_unbindable.Contains(key))
        {
            return;
        }

        try
        {
            EndpointSpec.Parse(name, value);
        }
        catch (FormatException)
        {
            Problem(key, "must be host:port or off, e.g. 127.0.0.1:2003, :2003 (every address), [::1]:2003");
        }
        catch (SocketException e)
        {
            Problem(key, $"the host does not resolve ({e.Message}); give an IP address, or a name this machine resolves");
        }
    }

    /// <summary>auto, or a node number from -1 (Graphite paths name no host) down to the deepest layout in use.</summary>
    private void HostNode(string value)
    {
        try
        {
            FleetSetup.HostNode(value);
        }
        catch (FormatException)
        {
            Problem(F + nameof(FleetSettings.GraphiteHostNode), $"must be auto (the default: learnt from the paths) or a node number from -1 to {FleetSetup.MaxHostNode}: 0 for HOST.…, 1 for servers.HOST.…, -1 to ignore Graphite paths");
        }
    }

    private void OneOf(string key, string value, params string[] allowed)
    {
        if (!allowed.Contains(value.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            Problem(key, $"must be {string.Join(", ", allowed[..^1])} or {allowed[^1]}");
        }
    }

    private void AtLeast(string key, double value, double least, string? meaning = null)
    {
        if (!_unbindable.Contains(key) && value < least)
        {
            Problem(key, $"must be at least {least}{(meaning is null ? "" : $" ({meaning})")}");
        }
    }

    private void Positive(string key, double value)
    {
        if (!_unbindable.Contains(key) && value <= 0)
        {
            Problem(key, "must be more than 0");
        }
    }

    private void Between(string key, double value, double least, double most)
    {
        if (!_unbindable.Contains(key) && (value < least || value > most))
        {
            Problem(key, $"must be from {least} to {most}");
        }
    }

    /// <summary>A value that may be absent but not blank (a blank token or name is a mistake, not "none").</summary>
    private void NotBlank(string key, string? value)
    {
        if (value is not null && value.Length > 0 && string.IsNullOrWhiteSpace(value))
        {
            Problem(key, "is blank; give a value or remove the key");
        }
    }

    /// <summary>The values of a list key, each with its own key (<c>Mine:Fleet:GroupRules:0</c>), in binding order.</summary>
    private IEnumerable<(string Key, string Value)> Entries(string listKey) =>
        _configuration.Root.GetSection(listKey).GetChildren()
            .Where(static e => e.Value is not null)
            .Select(static e => (e.Path, e.Value!));
}
