using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Mine.TestKit.ClickHouse;

/// <summary>
/// Writes a server's configuration into its folder: Debian's packaged config.xml and users.xml copied unchanged,
/// plus config.d/mine-test.xml, which ClickHouse merges over them. Overriding instead of editing a copy keeps the
/// harness working whatever the package's file says elsewhere.
/// </summary>
internal static class ClickHouseConfig
{
    public const string PackagedFolder = "/etc/clickhouse-server";

    /// <summary>Writes the files and returns config.xml's path.</summary>
    public static string Write(string folder, ClickHouseServerOptions options, ClickHousePorts ports)
    {
        var configFile = Path.Combine(folder, "config.xml");
        File.Copy(Path.Combine(PackagedFolder, "config.xml"), configFile);
        File.Copy(Path.Combine(PackagedFolder, "users.xml"), Path.Combine(folder, "users.xml"));
        Directory.CreateDirectory(Path.Combine(folder, "config.d"));
        Override(folder, options, ports).Save(Path.Combine(folder, "config.d", "mine-test.xml"));
        return configFile;
    }

    public static string LogFile(string folder) => Path.Combine(folder, "logs", "clickhouse-server.log");

    private static XDocument Override(string folder, ClickHouseServerOptions options, ClickHousePorts ports)
    {
        // Paths that ClickHouse joins file names to must end with a slash.
        string Inside(string name) => Path.Combine(folder, name) + "/";
        var root = new XElement(
            "yandex",
            new XElement(
                "logger",
                new XElement("level", "information"),
                new XElement("log", LogFile(folder)),
                new XElement("errorlog", Path.Combine(folder, "logs", "clickhouse-server.err.log"))),
            new XElement("http_port", ports.Http),
            new XElement("tcp_port", ports.Tcp),
            new XElement("interserver_http_port", ports.Interserver),
            // Replicas fetch parts from the host another replica announces: by default the machine's name, which
            // need not resolve to 127.0.0.1, the only address this server listens on.
            new XElement("interserver_http_host", "127.0.0.1"),
            Replaced("listen_host", "127.0.0.1"),
            new XElement("path", Inside("data")),
            new XElement("tmp_path", Inside("tmp")),
            new XElement("user_files_path", Inside("user_files")),
            new XElement("format_schema_path", Inside("format_schemas")),
            new XElement("users_config", Path.Combine(folder, "users.xml")),
            // Dates and rounded times it computes then match the tests' UTC arithmetic whatever the machine's zone.
            new XElement("timezone", "UTC"),
            Replaced("remote_servers", ParseChildren("remote_servers", options.RemoteServers ?? "")));
        foreach (var rollup in options.GraphiteRollups)
        {
            root.Add(ParseSection(rollup));
        }

        if (options.ZooKeeper is { } zooKeeper)
        {
            root.Add(Replaced(
                "zookeeper",
                new XElement("node", new XElement("host", zooKeeper.Host), new XElement("port", zooKeeper.Port)),
                new XElement("session_timeout_ms", ((long)options.ZooKeeperSessionTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture))));
        }

        if (options.Macros is { } macros)
        {
            root.Add(Replaced("macros", new XElement("shard", macros.Shard), new XElement("replica", macros.Replica)));
        }

        return new XDocument(root);
    }

    /// <summary>An element that replaces the packaged one of that name instead of being merged into it (the
    /// packaged remote_servers, zookeeper and macros carry <c>incl</c> substitutions and test clusters).</summary>
    private static XElement Replaced(string name, params object[] content) =>
        new(name, new XAttribute("replace", "replace"), content);

    private static XElement ParseSection(string xml)
    {
        try
        {
            return XElement.Parse(xml);
        }
        catch (XmlException e)
        {
            throw new ArgumentException($"a graphite_rollup section must be one XML element: {e.Message}\n{xml}", nameof(xml), e);
        }
    }

    private static IEnumerable<XElement> ParseChildren(string name, string xml)
    {
        try
        {
            return XElement.Parse($"<{name}>{xml}</{name}>").Elements().ToList();
        }
        catch (XmlException e)
        {
            throw new ArgumentException($"<{name}> contents are not XML elements: {e.Message}\n{xml}", nameof(xml), e);
        }
    }
}
