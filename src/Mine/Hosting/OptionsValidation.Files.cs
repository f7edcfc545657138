using System.Security.Cryptography;
using Mine.Core.Errors;
using Mine.Fleet;
using Mine.Protocols.Collectd;
using Mine.Relay.Security;
using Mine.Storage.Schemas;

namespace Mine.Hosting;

/// <summary>Files named by the settings: each must exist and parse as what it is, and regular expressions must
/// compile, so that `mine config check` answers for them and `serve` does not stop on them later.</summary>
internal sealed partial class OptionsValidation
{
    private void CheckCollectdFiles(MineOptions o)
    {
        if (!string.IsNullOrEmpty(o.CollectdAuthFile) && FileExists(M + nameof(MineOptions.CollectdAuthFile), o.CollectdAuthFile))
        {
            try
            {
                _ = new CollectdAuthFile(o.CollectdAuthFile);
            }
            catch (InvalidOperationException e)
            {
                Problem(M + nameof(MineOptions.CollectdAuthFile), $"{(e.InnerException ?? e).Message.TrimEnd('.')}; make it readable by the user Mine runs as");
            }
        }

        foreach (var (key, path) in Entries(M + nameof(MineOptions.CollectdTypesDb)))
        {
            if (FileExists(key, path))
            {
                try
                {
                    TypesDb.LoadFile(path);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidDataException)
                {
                    Problem(key, $"cannot be read as a types.db ({e.Message.TrimEnd('.')}); give a file of 'type ds:TYPE:MIN:MAX' lines");
                }
            }
        }
    }

    private void CheckWriteGraphite(WriteGraphiteSettings w)
    {
        const string key = M + nameof(MineOptions.WriteGraphite) + ":" + nameof(WriteGraphiteSettings.EscapeCharacter);
        if (w.EscapeCharacter.Length != 1)
        {
            Problem(key, "must be one character, as write_graphite's EscapeCharacter (default _)");
            return;
        }

        try
        {
            new WriteGraphiteOptions { EscapeCharacter = w.EscapeCharacter[0] }.Validate();
        }
        catch (ArgumentException e)
        {
            Problem(key, $"{e.Message[..(e.Message.IndexOf(" (Parameter", StringComparison.Ordinal) is var cut and > 0 ? cut : e.Message.Length)].TrimEnd('.')}");
        }
    }

    /// <summary>The three TLS files together or none, each readable, the key the certificate's, signed by the CA.</summary>
    private void CheckTls(MineOptions o)
    {
        if (o.TlsCert is null && o.TlsKey is null && o.TlsCa is null)
        {
            return;
        }

        var keys = new Dictionary<string, string>
        {
            [TlsSettings.CertFlag] = M + nameof(MineOptions.TlsCert),
            [TlsSettings.KeyFlag] = M + nameof(MineOptions.TlsKey),
            [TlsSettings.CaFlag] = M + nameof(MineOptions.TlsCa),
        };
        var missing = false;
        foreach (var key in keys.Values)
        {
            if (_configuration.Root[key] is { Length: > 0 } path && !FileExists(key, path))
            {
                missing = true;
            }
        }

        if (missing)
        {
            return;
        }

        try
        {
            TlsSettings.Load(o.TlsCert, o.TlsKey, o.TlsCa)?.Dispose();
        }
        catch (TlsSettingsException e) when (string.IsNullOrEmpty(_configuration.Root[keys[e.Flag]]))
        {
            _problems.Add($"{e.Message.TrimEnd('.')} ({keys[e.Flag]})");
        }
        catch (TlsSettingsException e)
        {
            Problem(keys[e.Flag], WithoutSubject(e.Message, e.Flag, _configuration.Root[keys[e.Flag]]));
        }
        catch (CryptographicException e)
        {
            Problem(keys[TlsSettings.CertFlag], $"cannot be used for TLS ({e.Message.TrimEnd('.')}); make the files again with 'mine cert'");
        }
    }

    private void CheckStorageFiles(MineOptions o)
    {
        if (!string.IsNullOrEmpty(o.Schemas) && FileExists(M + nameof(MineOptions.Schemas), o.Schemas))
        {
            Parse(M + nameof(MineOptions.Schemas), () => StorageSchemas.Load(o.Schemas));
        }

        if (!string.IsNullOrEmpty(o.Aggregation) && FileExists(M + nameof(MineOptions.Aggregation), o.Aggregation))
        {
            Parse(M + nameof(MineOptions.Aggregation), () => StorageAggregation.Load(o.Aggregation));
        }
    }

    private void Parse(string key, Action load)
    {
        try
        {
            load();
        }
        catch (Exception e) when (e is StorageConfigException or MineUserException or IOException or UnauthorizedAccessException or FormatException)
        {
            Problem(key, $"{e.Message.TrimEnd('.')}; fix the file (carbon's format, docs/storage-format.md)");
        }
    }

    private void CheckGroupRules()
    {
        foreach (var (key, rule) in Entries(F + nameof(FleetSettings.GroupRules)))
        {
            try
            {
                _ = new HostGrouping([rule]);
            }
            catch (FormatException e)
            {
                var reason = e.InnerException?.Message ?? e.Message;
                Problem(key, $"is not a valid regular expression ({reason.TrimEnd('.')}); a rule such as ^(?<group>[a-z]+)-\\d+$ names the group by its 'group' capture");
            }
        }
    }

    /// <summary>Whether the file of <paramref name="key"/> exists; records a problem when not.</summary>
    private bool FileExists(string key, string path)
    {
        if (File.Exists(path))
        {
            return true;
        }

        Problem(key, Directory.Exists(path) ? "is a folder; give the path of a file" : $"no such file ({Path.GetFullPath(path)}); give the path of an existing file");
        return false;
    }

    /// <summary>A message that starts with "--flag value" (as the TLS loader's do) without that start, which the
    /// problem's subject already says.</summary>
    private static string WithoutSubject(string message, string flag, string? value)
    {
        var start = $"{flag} {value}";
        var rest = message.StartsWith(start, StringComparison.Ordinal) ? message[start.Length..].TrimStart(':', ' ') : message;
        return rest.TrimEnd('.');
    }
}
