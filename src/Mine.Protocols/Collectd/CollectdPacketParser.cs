using System.Buffers.Binary;

namespace Mine.Protocols.Collectd;

/// <summary>
/// Parses collectd binary-protocol datagrams following network.c's parse_packet (collectd 5.12) rule for rule,
/// including the security checks of a listening socket, and hands every dispatched value list and notification
/// to an <see cref="ICollectdReceiver"/>. Pure (no sockets) and allocation-free per datagram. Not thread-safe:
/// use one parser per receiving thread (it owns the decryption buffers); several may share a
/// <see cref="CollectdAuthFile"/>.
/// </summary>
public sealed partial class CollectdPacketParser : IDisposable
{
    /// <summary>
    /// collectd recurses without bound into signed/encrypted payloads nested in each other; no sender nests at
    /// all, so we stop at this depth rather than risk the stack.
    /// </summary>
    internal const int MaxNestingDepth = 8;

    private readonly CollectdSecurityLevel _level;
    private readonly CollectdAuthFile? _authFile;
    private readonly CollectdOfbDecryptor _decryptor = new();

    /// <summary>
    /// Decrypted payloads land here at the same offset they have in the datagram, so a part nested in a decrypted
    /// payload is decrypted in place, as collectd does in its receive buffer.
    /// </summary>
    private readonly byte[] _plaintext = new byte[CollectdWire.MaxDatagramSize];

    /// <summary>Validates <paramref name="options"/> (Sign/Encrypt need an AuthFile) and reads the AuthFile.</summary>
    public CollectdPacketParser(CollectdSecurityOptions options, CollectdCounters? counters = null, TimeProvider? timeProvider = null)
        : this(Validated(options).Level, LoadAuthFile(options, timeProvider), counters)
    {
    }

    /// <summary>For hosts that share one <see cref="CollectdAuthFile"/> between several listeners.</summary>
    public CollectdPacketParser(CollectdSecurityLevel level, CollectdAuthFile? authFile, CollectdCounters? counters = null)
    {
        new CollectdSecurityOptions { Level = level, AuthFilePath = authFile?.Path }.Validate();
        _level = level;
        _authFile = authFile;
        Counters = counters ?? new CollectdCounters();
    }

    public CollectdCounters Counters { get; }

    public CollectdSecurityLevel Level => _level;

    /// <summary>
    /// Parses one datagram. Returns the first reason any part was rejected or ignored (<see
    /// cref="CollectdRejectReason.None"/> when everything was used); everything is also in <see cref="Counters"/>.
    /// </summary>
    public CollectdRejectReason Parse(ReadOnlySpan<byte> datagram, ICollectdReceiver receiver) =>
        Parse<ICollectdReceiver>(datagram, receiver);

    /// <summary>Generic form: a struct or sealed receiver gets its callbacks inlined.</summary>
    public CollectdRejectReason Parse<TReceiver>(ReadOnlySpan<byte> datagram, TReceiver receiver)
        where TReceiver : ICollectdReceiver
    {
        Counters.Datagrams++;
        var outcome = CollectdRejectReason.None;
        if (datagram.Length > CollectdWire.MaxDatagramSize)
        {
            Reject(CollectdRejectReason.Oversized, ref outcome);
            return outcome;
        }

        ParsePayload(datagram, 0, CollectdSecurity.None, default, 0, receiver, ref outcome);
        return outcome;
    }

    public void Dispose() => _decryptor.Dispose();

    /// <summary>
    /// One parse_packet call: a whole datagram, or a verified/decrypted payload parsed with fresh state.
    /// <paramref name="offsetInDatagram"/> locates <paramref name="buffer"/> in the datagram, for in-place decryption.
    /// </summary>
    private void ParsePayload<TReceiver>(
        ReadOnlySpan<byte> buffer, int offsetInDatagram, CollectdSecurity security, ReadOnlySpan<byte> username, int depth,
        TReceiver receiver, ref CollectdRejectReason outcome)
        where TReceiver : ICollectdReceiver
    {
        var state = new PayloadState
        {
            // Signed inside encrypted reports Encrypted, the stronger of the two.
            Security = (security & CollectdSecurity.Encrypted) != 0 ? CollectdSecurity.Encrypted : security,
            Username = username,
        };
        var ignoredCounted = false;
        var position = 0;

        // collectd's buffer_size. It normally equals the bytes physically left, but parse_part_number advances the
        // pointer by 12 while subtracting the part's length field, so the two can drift apart; we mirror that and
        // clamp to the physical end where collectd would read past its buffer.
        var remaining = buffer.Length;
        var failure = CollectdRejectReason.None;

        while (failure == CollectdRejectReason.None && remaining > CollectdWire.HeaderSize)
        {
            var part = buffer.Slice(position, remaining);
            var type = BinaryPrimitives.ReadUInt16BigEndian(part);
            int length = BinaryPrimitives.ReadUInt16BigEndian(part[2..]);
            if (length > remaining || length < CollectdWire.HeaderSize)
            {
                break; // collectd breaks without an error; the leftover is reported as truncation below
            }

            var consumed = length;
            if (type == CollectdWire.EncrAes256)
            {
                failure = ParseEncrypted(part, offsetInDatagram + position, security, depth, receiver, ref outcome);
            }
            else if (_level == CollectdSecurityLevel.Encrypt && (security & CollectdSecurity.Encrypted) == 0)
            {
                // "Unencrypted packet or part has been ignored." (checked before the signature part, so a merely
                // signed packet is ignored too, part by part).
                CountIgnoredOnce(CollectdRejectReason.NotEncryptedAtEncryptLevel, ref ignoredCounted, ref outcome);
            }
            else if (type == CollectdWire.SignSha256)
            {
                failure = ParseSigned(part, offsetInDatagram + position, security, depth, receiver, ref outcome, out consumed);
            }
            else if (_level == CollectdSecurityLevel.Sign && security == CollectdSecurity.None)
            {
                CountIgnoredOnce(CollectdRejectReason.UnsignedAtSignLevel, ref ignoredCounted, ref outcome);
            }
            else
            {
                failure = ParsePlainPart(part, type, length, ref state, receiver, out consumed, out var advance);
                if (failure == CollectdRejectReason.None && advance != consumed)
                {
                    // The numeric-part quirk: pointer += 12, buffer_size -= length.
                    position += advance;
                    remaining = Math.Min(remaining - consumed, buffer.Length - position);
                    continue;
                }
            }

            if (failure != CollectdRejectReason.None)
            {
                break;
            }

            position += consumed;
            remaining -= consumed;
        }

        if (failure != CollectdRejectReason.None)
        {
            Reject(failure, ref outcome);
        }
        else if (remaining > 0)
        {
            Reject(CollectdRejectReason.Truncated, ref outcome); // "Received truncated packet"
        }
    }

    /// <summary>Identifier, time, VALUES, MESSAGE, SEVERITY and unknown parts (the unprotected part types).</summary>
    private CollectdRejectReason ParsePlainPart<TReceiver>(
        ReadOnlySpan<byte> part, ushort type, int length, ref PayloadState state, TReceiver receiver, out int consumed, out int advance)
        where TReceiver : ICollectdReceiver
    {
        consumed = length;
        advance = length;
        switch (type)
        {
            case CollectdWire.Values:
                return ParseValues(part, length, ref state, receiver);
            case CollectdWire.Time or CollectdWire.TimeHr or CollectdWire.Interval or CollectdWire.IntervalHr or CollectdWire.Severity:
                if (part.Length < CollectdWire.NumericPartSize)
                {
                    return CollectdRejectReason.MalformedNumber;
                }

                advance = CollectdWire.NumericPartSize;
                ApplyNumber(type, BinaryPrimitives.ReadUInt64BigEndian(part[4..]), ref state);
                return CollectdRejectReason.None;
            case CollectdWire.Host:
                return ParseString(part, length, CollectdWire.MaxIdentifierLength, out state.Host);
            case CollectdWire.Plugin:
                return ParseString(part, length, CollectdWire.MaxIdentifierLength, out state.Plugin);
            case CollectdWire.PluginInstance:
                return ParseString(part, length, CollectdWire.MaxIdentifierLength, out state.PluginInstance);
            case CollectdWire.Type:
                return ParseString(part, length, CollectdWire.MaxIdentifierLength, out state.Type);
            case CollectdWire.TypeInstance:
                return ParseString(part, length, CollectdWire.MaxIdentifierLength, out state.TypeInstance);
            case CollectdWire.Message:
                return ParseMessage(part, length, ref state, receiver);
            default:
                return CollectdRejectReason.None; // unknown part types are skipped by length
        }
    }

    private static void ApplyNumber(ushort type, ulong value, ref PayloadState state)
    {
        switch (type)
        {
            case CollectdWire.Time:
                state.Time = value << CollectdWire.CdtimeShift; // TIME_T_TO_CDTIME_T; value list and notification
                break;
            case CollectdWire.TimeHr:
                state.Time = value;
                break;
            case CollectdWire.Interval:
                state.Interval = value << CollectdWire.CdtimeShift;
                break;
            case CollectdWire.IntervalHr:
                state.Interval = value;
                break;
            default:
                state.Severity = (int)value; // collectd stores (int)tmp
                break;
        }
    }

    /// <summary>
    /// parse_part_string: length > 4, body ≤ the destination buffer, last byte NUL. The value is the C string, i.e.
    /// the bytes before the first NUL (an embedded NUL shortens it, as strcpy would).
    /// </summary>
    private static CollectdRejectReason ParseString(ReadOnlySpan<byte> part, int length, int maxLength, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (length <= CollectdWire.HeaderSize)
        {
            return CollectdRejectReason.MalformedString;
        }

        var body = part[CollectdWire.HeaderSize..length];
        if (body.Length > maxLength)
        {
            return CollectdRejectReason.StringTooLong;
        }

        if (body[^1] != 0)
        {
            return CollectdRejectReason.MalformedString;
        }

        value = body[..body.IndexOf((byte)0)];
        return CollectdRejectReason.None;
    }

    /// <summary>parse_part_values, then network_dispatch_values' silent drop of incomplete lists.</summary>
    private CollectdRejectReason ParseValues<TReceiver>(ReadOnlySpan<byte> part, int length, ref PayloadState state, TReceiver receiver)
        where TReceiver : ICollectdReceiver
    {
        if (part.Length < CollectdWire.MinValuesBufferLength)
        {
            return CollectdRejectReason.MalformedValues;
        }

        int count = BinaryPrimitives.ReadUInt16BigEndian(part[4..]);
        var expected = 6 + (9 * count);
        if (part.Length < expected || length != expected)
        {
            return CollectdRejectReason.MalformedValues;
        }

        var types = part.Slice(6, count);
        if (types.IndexOfAnyExceptInRange((byte)DataSourceType.Counter, (byte)DataSourceType.Absolute) >= 0)
        {
            return CollectdRejectReason.UnknownDataSourceType;
        }

        if (state.Time == 0 || state.Host.IsEmpty || state.Plugin.IsEmpty || state.Type.IsEmpty)
        {
            Counters.IncompleteValueLists++;
            return CollectdRejectReason.None;
        }

        var list = new CollectdValueList
        {
            Host = state.Host,
            Plugin = state.Plugin,
            PluginInstance = state.PluginInstance,
            Type = state.Type,
            TypeInstance = state.TypeInstance,
            TimeHr = state.Time,
            IntervalHr = state.Interval,
            Types = types,
            RawValues = part.Slice(6 + count, 8 * count),
            Security = state.Security,
            Username = state.Username,
        };
        Counters.ValueLists++;
        Counters.Values += count;
        receiver.OnValueList(in list);
        return CollectdRejectReason.None;
    }

    /// <summary>MESSAGE: dispatched only with severity FAILURE/WARNING/OKAY, a time and a non-empty text.</summary>
    private CollectdRejectReason ParseMessage<TReceiver>(ReadOnlySpan<byte> part, int length, ref PayloadState state, TReceiver receiver)
        where TReceiver : ICollectdReceiver
    {
        var status = ParseString(part, length, CollectdWire.MaxMessageLength, out var message);
        if (status != CollectdRejectReason.None)
        {
            return status;
        }

        if (state.Severity is not (1 or 2 or 4) || state.Time == 0 || message.IsEmpty)
        {
            Counters.IncompleteNotifications++;
            return CollectdRejectReason.None;
        }

        var notification = new CollectdNotification
        {
            Host = state.Host,
            Plugin = state.Plugin,
            PluginInstance = state.PluginInstance,
            Type = state.Type,
            TypeInstance = state.TypeInstance,
            TimeHr = state.Time,
            Severity = state.Severity,
            Message = message,
            Security = state.Security,
        };
        Counters.Notifications++;
        receiver.OnNotification(in notification);
        return CollectdRejectReason.None;
    }

    private void CountIgnoredOnce(CollectdRejectReason reason, ref bool counted, ref CollectdRejectReason outcome)
    {
        // collectd logs this once per parse_packet call (printed_ignore_warning); we count with the same grain.
        if (!counted)
        {
            counted = true;
            Reject(reason, ref outcome);
        }
    }

    private void Reject(CollectdRejectReason reason, ref CollectdRejectReason outcome)
    {
        Counters.Reject(reason);
        if (outcome == CollectdRejectReason.None)
        {
            outcome = reason;
        }
    }

    private static CollectdSecurityOptions Validated(CollectdSecurityOptions options)
    {
        options.Validate();
        return options;
    }

    private static CollectdAuthFile? LoadAuthFile(CollectdSecurityOptions options, TimeProvider? timeProvider) =>
        string.IsNullOrEmpty(options.AuthFilePath) ? null : new CollectdAuthFile(options.AuthFilePath, timeProvider);

    /// <summary>The value_list_t and notification_t of one parse_packet call, zeroed at its start.</summary>
    private ref struct PayloadState
    {
        public ReadOnlySpan<byte> Host;
        public ReadOnlySpan<byte> Plugin;
        public ReadOnlySpan<byte> PluginInstance;
        public ReadOnlySpan<byte> Type;
        public ReadOnlySpan<byte> TypeInstance;
        public ulong Time;
        public ulong Interval;
        public int Severity;
        public CollectdSecurity Security;
        public ReadOnlySpan<byte> Username;
    }
}
