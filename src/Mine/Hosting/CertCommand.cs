using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mine.Relay.Security;

namespace Mine.Hosting;

/// <summary>
/// <c>mine cert ca</c> and <c>mine cert node</c> (docs/relay.md, Mutual TLS): the private CA of an installation and
/// one certificate per node, as PEM files for <c>--tls-cert</c>, <c>--tls-key</c> and <c>--tls-ca</c>. Exit codes:
/// 0 written, 1 failed (a file could not be read or written), 2 bad usage (one line naming the flag).
/// </summary>
internal static class CertCommand
{
    public const int Failed = 1;
    public const int BadUsage = 2;

    private const string CaCertificate = "ca.crt";
    private const string CaKey = "ca.key";

    public static Command Create()
    {
        var cert = new Command("cert", "Make the CA and the node certificates for mutual TLS between relays and the centre.")
        {
            CreateCa(),
            CreateNode(),
        };
        return cert;
    }

    /// <summary>True when <paramref name="parsed"/> is <paramref name="cert"/> or one of its subcommands.</summary>
    public static bool Owns(Command cert, Command parsed) => parsed == cert || cert.Subcommands.Contains(parsed);

    /// <summary>A parse error (a missing or unknown flag) is one line naming it and exit code 2, not help text.</summary>
    public static async Task<int> ReportBadUsageAsync(ParseResult parsed)
    {
        var command = CommandPath(parsed.CommandResult.Command);
        await Console.Error.WriteLineAsync($"{command}: {parsed.Errors[0].Message} (see {command} --help)").ConfigureAwait(false);
        return BadUsage;
    }

    private static Command CreateCa()
    {
        var output = new Option<string>("--out") { Description = "Folder to write ca.crt (copy it to every node) and ca.key (mode 0600: keep it here) in; made if missing.", Required = true };
        var name = new Option<string>("--name") { Description = "The CA's name, its certificate's CN (default: Mine relay CA).", DefaultValueFactory = _ => "Mine relay CA" };
        var days = new Option<int>("--days") { Description = "Days the CA is valid (default 3650); node certificates never outlive it.", DefaultValueFactory = _ => 3650 };
        var force = new Option<bool>("--force") { Description = "Replace an existing CA: every node certificate must then be made again." };
        var command = new Command("ca", "Make a new CA, once per installation, in the centre.") { output, name, days, force };
        command.SetAction(parse => Run(command, () => WriteCa(parse.GetValue(output)!, parse.GetValue(name)!, parse.GetValue(days), parse.GetValue(force))));
        return command;
    }

    private static Command CreateNode()
    {
        var ca = new Option<string>("--ca") { Description = "Folder holding ca.crt and ca.key, written by 'mine cert ca'.", Required = true };
        var name = new Option<string>("--name") { Description = "The node's name: its certificate's CN and the files NAME.crt and NAME.key.", Required = true };
        var dns = new Option<string[]>("--dns") { Description = "A DNS name clients use to reach this node (repeatable); needed by a node that listens.", AllowMultipleArgumentsPerToken = false };
        var ip = new Option<string[]>("--ip") { Description = "An IP address clients use to reach this node (repeatable); needed by a node that listens.", AllowMultipleArgumentsPerToken = false };
        var output = new Option<string>("--out") { Description = "Folder to write NAME.crt and NAME.key (mode 0600) in; made if missing.", Required = true };
        var days = new Option<int>("--days") { Description = "Days the certificate is valid (default 730), at most until the CA ends.", DefaultValueFactory = _ => 730 };
        var force = new Option<bool>("--force") { Description = "Replace existing NAME.crt and NAME.key." };
        var command = new Command("node", "Make a certificate for one relay or one serve, signed by the CA: it serves both as TLS client and server.")
        {
            ca, name, dns, ip, output, days, force,
        };
        command.SetAction(parse => Run(command, () => WriteNode(parse.GetValue(ca)!, parse.GetValue(name)!, parse.GetValue(dns) ?? [], parse.GetValue(ip) ?? [],
            parse.GetValue(output)!, parse.GetValue(days), parse.GetValue(force))));
        return command;
    }

    private static int Run(Command command, Action action)
    {
        try
        {
            action();
            return 0;
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"{CommandPath(command)}: {e.Message}");
            return BadUsage;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"{CommandPath(command)}: {e.Message}");
            return Failed;
        }
    }

    private static void WriteCa(string output, string name, int days, bool force)
    {
        CheckDays(days);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new UsageException("--name must not be empty.");
        }

        var (certificatePath, keyPath) = Outputs(output, CaCertificate, CaKey, force, "--force replaces the CA: every node certificate must then be made again");
        using var ca = CertificateAuthority.Create(name, TimeSpan.FromDays(days));
        Write(keyPath, () => PemFiles.WritePrivateKey(keyPath, ca.Certificate, force));
        Write(certificatePath, () => PemFiles.WriteCertificate(certificatePath, ca.Certificate, force));
        Console.WriteLine($"wrote {certificatePath}: the CA's certificate, give it to every node as --tls-ca");
        Console.WriteLine($"wrote {keyPath} (mode 0600): the CA's key, keep it here only; 'mine cert node --ca {Path.GetDirectoryName(keyPath)}' signs with it");
        Console.WriteLine(Describe(ca.Certificate));
    }

    private static void WriteNode(string caFolder, string name, string[] dnsNames, string[] addresses, string output, int days, bool force)
    {
        CheckDays(days);
        if (name.Length == 0 || name[0] == '.' || !name.All(static c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
        {
            throw new UsageException($"--name '{name}' may hold only letters, digits, '.', '-' and '_', and not start with '.': it names the files NAME.crt and NAME.key.");
        }

        foreach (var dns in dnsNames)
        {
            if (!CertificateAuthority.IsDnsName(dns))
            {
                throw new UsageException($"--dns '{dns}' is not a DNS name: letters, digits and hyphens in dot-separated labels (an IP address goes with --ip).");
            }
        }

        var ips = addresses.Select(static a => IPAddress.TryParse(a, out var ip) ? ip : throw new UsageException($"--ip '{a}' is not an IP address (a name goes with --dns).")).ToList();
        using var ca = LoadCa(caFolder);
        var (certificatePath, keyPath) = Outputs(output, $"{name}.crt", $"{name}.key", force, "--force replaces them");
        using var node = ca.Issue(name, dnsNames, ips, TimeSpan.FromDays(days));
        Write(keyPath, () => PemFiles.WritePrivateKey(keyPath, node, force));
        Write(certificatePath, () => PemFiles.WriteCertificate(certificatePath, node, force));
        Console.WriteLine($"wrote {certificatePath} and {keyPath} (mode 0600)");
        Console.WriteLine(Describe(node));
        Console.WriteLine($"use: --tls-cert {certificatePath} --tls-key {keyPath} --tls-ca {Path.GetFullPath(Path.Combine(caFolder, CaCertificate))}");
        if (dnsNames.Length == 0 && ips.Count == 0)
        {
            Console.WriteLine("note: no --dns or --ip: fit for a relay that only connects; a node others connect to needs the name or address they dial.");
        }
    }

    private static CertificateAuthority LoadCa(string folder)
    {
        var certificate = Path.Combine(folder, CaCertificate);
        var key = Path.Combine(folder, CaKey);
        foreach (var file in new[] { certificate, key })
        {
            if (!File.Exists(file))
            {
                throw new UsageException($"--ca {folder} has no {Path.GetFileName(file)}: give the folder 'mine cert ca --out' wrote.");
            }
        }

        CertificateAuthority ca;
        try
        {
            ca = CertificateAuthority.Load(certificate, key);
        }
        catch (CryptographicException e)
        {
            throw new UsageException($"--ca {folder}: {CaCertificate} and {CaKey} are not a certificate and its key ({e.Message}): give the folder 'mine cert ca --out' wrote.");
        }

        var now = DateTime.UtcNow;
        if (ca.Certificate.NotAfter.ToUniversalTime() <= now)
        {
            ca.Dispose();
            throw new UsageException($"--ca {folder}: the CA expired on {ca.Certificate.NotAfter.ToUniversalTime():u}: make a new one with 'mine cert ca', then every node certificate again.");
        }

        return ca;
    }

    /// <summary>The two output paths, after checking that neither exists (unless <paramref name="force"/>): both are
    /// checked before anything is written, so a refusal leaves the folder as it was.</summary>
    private static (string Certificate, string Key) Outputs(string output, string certificateName, string keyName, bool force, string forceMeans)
    {
        if (File.Exists(output))
        {
            throw new UsageException($"--out {output} is a file: give a folder.");
        }

        var folder = Path.GetFullPath(output);
        var paths = (Path.Combine(folder, certificateName), Path.Combine(folder, keyName));
        foreach (var path in new[] { paths.Item1, paths.Item2 })
        {
            if (!force && File.Exists(path))
            {
                throw new UsageException($"--out {output} already has {Path.GetFileName(path)}: nothing written ({forceMeans}).");
            }
        }

        Directory.CreateDirectory(folder);
        return paths;
    }

    private static void Write(string path, Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot write {path}: {e.Message}", e);
        }
    }

    private static void CheckDays(int days)
    {
        if (days < 1)
        {
            throw new UsageException($"--days {days} must be 1 or more.");
        }
    }

    private static string Describe(X509Certificate2 certificate)
    {
        var names = certificate.Extensions["2.5.29.17"] is { } extension
            ? new X509SubjectAlternativeNameExtension(extension.RawData).EnumerateDnsNames().Select(static n => $"DNS:{n}")
                .Concat(new X509SubjectAlternativeNameExtension(extension.RawData).EnumerateIPAddresses().Select(static a => $"IP:{a}"))
            : [];
        var alternatives = string.Join(", ", names);
        return string.Create(CultureInfo.InvariantCulture,
            $"{certificate.Subject}{(alternatives.Length > 0 ? $" ({alternatives})" : "")}, valid until {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}, SHA-256 {certificate.GetCertHashString(HashAlgorithmName.SHA256)}");
    }

    private static string CommandPath(Command command) => command.Name == "cert" ? "mine cert" : $"mine cert {command.Name}";

    private sealed class UsageException(string message) : Exception(message);
}
