using Mine.Core.Series;
using Mine.Fuzz.Support;
using Mine.Protocols.Collectd;
using Mine.TestKit.Collectd;

namespace Mine.Fuzz.Targets.Protocols;

/// <summary>
/// collectd's binary protocol (<see cref="CollectdPacketParser"/> at every security level, with an AuthFile that
/// knows alice) feeding <see cref="WriteGraphiteConverter"/>, as the UDP listener does. The input is one datagram.
/// It is parsed as it is at each level, then sealed for alice (signed, and encrypted with a fixed IV) and parsed
/// at the level that demands that, so the fuzzer reaches the parts behind a valid signature or checksum too.
/// Dispatched lists must be well-formed, the security they report must match the level, and every point the
/// converter appends must pass <see cref="MetricNames.Check"/>. Neither component documents an exception.
/// </summary>
public sealed class CollectdTarget : FuzzTarget, IDisposable
{
    private const string User = "alice";
    private const string Password = "s3cret";

    /// <summary>collectd's largest datagram (network.c's receive buffer).</summary>
    private const int MaxDatagramSize = 65535;
    private static readonly byte[] s_iv = Enumerable.Range(1, 16).Select(static i => (byte)i).ToArray();

    private readonly string _authFilePath;
    private readonly CollectdAuthFile _authFile;
    private readonly CollectdPacketParser _plainNoAuth;
    private readonly CollectdPacketParser _plainWithAuth;
    private readonly CollectdPacketParser _sign;
    private readonly CollectdPacketParser _encrypt;

    public CollectdTarget()
    {
        _authFilePath = Path.Combine(ScratchFolder.Fresh("collectd"), "auth");
        File.WriteAllText(_authFilePath, $"{User}: {Password}\nbob: hunter2\n");
        _authFile = new CollectdAuthFile(_authFilePath);
        _plainNoAuth = new CollectdPacketParser(CollectdSecurityLevel.None, null);
        _plainWithAuth = new CollectdPacketParser(CollectdSecurityLevel.None, _authFile);
        _sign = new CollectdPacketParser(CollectdSecurityLevel.Sign, _authFile);
        _encrypt = new CollectdPacketParser(CollectdSecurityLevel.Encrypt, _authFile);
    }

    public override string Name => "collectd";

    public override string Description => "collectd network datagram -> CollectdPacketParser (None/Sign/Encrypt) + WriteGraphiteConverter";

    public override void Run(ReadOnlySpan<byte> input)
    {
        Parse(_plainNoAuth, input);
        Parse(_plainWithAuth, input);
        Parse(_sign, input);
        Parse(_encrypt, input);

        // Sealing adds at most 42 bytes; past collectd's datagram size the parser refuses the packet anyway.
        if (input.Length <= MaxDatagramSize - 64)
        {
            var payload = input.ToArray();
            Parse(_sign, CollectdPacketBuilder.Sign(User, Password, payload));
            Parse(_encrypt, CollectdPacketBuilder.Encrypt(User, Password, payload, s_iv));
        }
    }

    public void Dispose()
    {
        _plainNoAuth.Dispose();
        _plainWithAuth.Dispose();
        _sign.Dispose();
        _encrypt.Dispose();
    }

    private static void Parse(CollectdPacketParser parser, ReadOnlySpan<byte> datagram)
    {
        // A fresh converter per datagram: rate state carried between inputs would make runs depend on their order.
        var receiver = new ConvertingReceiver(parser.Level);
        parser.Parse(datagram, receiver);
        receiver.Check();
    }

    /// <summary>What the listener does with each dispatched list: convert it into Graphite points.</summary>
    private sealed class ConvertingReceiver(CollectdSecurityLevel level) : ICollectdReceiver
    {
        private static readonly WriteGraphiteOptions[] s_options =
        [
            new(),
            new() { StoreRates = false, SeparateInstances = true, AlwaysAppendDS = true, Prefix = "collectd.", EscapeCharacter = '-' },
        ];

        private readonly PointBatch _batch = new(16);
        private readonly WriteGraphiteConverter[] _converters =
            [.. s_options.Select(static o => new WriteGraphiteConverter(TypesDb.BuiltIn, o))];

        private WriteGraphiteCounters _counters;

        public void OnValueList(in CollectdValueList values)
        {
            Invariant.Check(values.RawValues.Length == values.Count * 8, $"{values.RawValues.Length} value bytes for {values.Count} values");
            Invariant.Check(values.Host.Length is > 0 and < 128, $"dispatched a list with a host of {values.Host.Length} bytes");
            Invariant.Check(values.Plugin.Length > 0 && values.Type.Length > 0, "dispatched a list without plugin or type");
            Invariant.Check(values.TimeHr != 0, "dispatched a list with time 0");
            CheckSecurity(values.Security);
            foreach (var converter in _converters)
            {
                converter.Append(values, _batch, ref _counters);
            }
        }

        public void OnNotification(in CollectdNotification notification)
        {
            Invariant.Check(notification.Severity is 1 or 2 or 4, $"dispatched a notification of severity {notification.Severity}");
            Invariant.Check(notification.Message.Length is > 0 and < 256, $"dispatched a message of {notification.Message.Length} bytes");
            CheckSecurity(notification.Security);
        }

        public void Check()
        {
            Invariant.Check(_counters.PointsOut == _batch.Count, $"converter counted {_counters.PointsOut} points, appended {_batch.Count}");
            Invariant.Check(_counters.PointsOut <= _counters.ValuesIn, "more points out than values in");
            for (var i = 0; i < _batch.Count; i++)
            {
                var problem = MetricNames.Check(_batch.Name(i));
                Invariant.Check(problem == MetricNameProblem.None,
                    $"write_graphite name {Hex.Describe(_batch.Name(i), 256)} fails MetricNames.Check: {problem}");
                Invariant.Check(!double.IsNaN(_batch.Value(i)), "a NaN value was appended");
            }
        }

        private void CheckSecurity(CollectdSecurity security)
        {
            Invariant.Check(level != CollectdSecurityLevel.Sign || security != CollectdSecurity.None,
                "an unsigned part was dispatched at security level Sign");
            Invariant.Check(level != CollectdSecurityLevel.Encrypt || security == CollectdSecurity.Encrypted,
                $"a {security} part was dispatched at security level Encrypt");
        }
    }
}
