using Mine.Protocols.Collectd;

namespace Mine.Hosting;

/// <summary>Turns Mine's collectd settings into the protocol library's options, with errors that name the option.</summary>
internal static class CollectdSettings
{
    public static CollectdSecurityOptions Security(MineOptions options)
    {
        if (!Enum.TryParse<CollectdSecurityLevel>(options.CollectdSecurityLevel, ignoreCase: true, out var level))
        {
            throw new FormatException($"--collectd-security-level '{options.CollectdSecurityLevel}' is not one of None, Sign, Encrypt.");
        }

        var security = new CollectdSecurityOptions { Level = level, AuthFilePath = string.IsNullOrEmpty(options.CollectdAuthFile) ? null : options.CollectdAuthFile };
        try
        {
            security.Validate();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            throw new FormatException(ex.Message, ex);
        }

        return security;
    }

    public static WriteGraphiteConverter Converter(MineOptions options)
    {
        var types = TypesDb.Load(options.CollectdTypesDb);
        var w = options.WriteGraphite;
        if (w.EscapeCharacter.Length != 1)
        {
            throw new FormatException($"WriteGraphite:EscapeCharacter must be one character, not '{w.EscapeCharacter}'.");
        }

        var naming = new WriteGraphiteOptions
        {
            Prefix = w.Prefix,
            Postfix = w.Postfix,
            EscapeCharacter = w.EscapeCharacter[0],
            StoreRates = w.StoreRates,
            SeparateInstances = w.SeparateInstances,
            AlwaysAppendDS = w.AlwaysAppendDS,
            PreserveSeparator = w.PreserveSeparator,
            DropDuplicateFields = w.DropDuplicateFields,
        };
        naming.Validate();
        return new WriteGraphiteConverter(types, naming);
    }
}
