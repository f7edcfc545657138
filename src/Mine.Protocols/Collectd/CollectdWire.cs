namespace Mine.Protocols.Collectd;

/// <summary>Part type codes and size limits of collectd's binary protocol (network.h / network.c, 5.12).</summary>
internal static class CollectdWire
{
    public const ushort Host = 0x0000;
    public const ushort Time = 0x0001;
    public const ushort Plugin = 0x0002;
    public const ushort PluginInstance = 0x0003;
    public const ushort Type = 0x0004;
    public const ushort TypeInstance = 0x0005;
    public const ushort Values = 0x0006;
    public const ushort Interval = 0x0007;
    public const ushort TimeHr = 0x0008;
    public const ushort IntervalHr = 0x0009;
    public const ushort Message = 0x0100;
    public const ushort Severity = 0x0101;
    public const ushort SignSha256 = 0x0200;
    public const ushort EncrAes256 = 0x0210;

    public const int HeaderSize = 4;

    /// <summary>parse_part_number wants this many bytes left, whatever the part's length field says.</summary>
    public const int NumericPartSize = 12;

    /// <summary>parse_part_values refuses to start with fewer bytes left in the buffer (n = 0 would need 6).</summary>
    public const int MinValuesBufferLength = 15;

    /// <summary>DATA_MAX_NAME_LEN: host, plugin, plugin_instance, type, type_instance including the NUL.</summary>
    public const int MaxIdentifierLength = 128;

    /// <summary>NOTIF_MAX_MSG_LEN, including the NUL.</summary>
    public const int MaxMessageLength = 256;

    /// <summary>PART_SIGNATURE_SHA256_SIZE: header + 32-byte HMAC; the username follows.</summary>
    public const int SignatureHeaderSize = 36;

    /// <summary>PART_ENCRYPTION_AES256_SIZE: header + ulen + 16-byte IV + 20-byte SHA-1 (without the username).</summary>
    public const int EncryptionHeaderSize = 42;

    public const int Sha1Size = 20;
    public const int IvSize = 16;

    /// <summary>The largest UDP payload; anything longer cannot have come off a socket.</summary>
    public const int MaxDatagramSize = 65535;

    /// <summary>cdtime_t is seconds × 2^30 (utils_time.h TIME_T_TO_CDTIME_T).</summary>
    public const int CdtimeShift = 30;
}
