using System.Runtime.CompilerServices;

namespace Mine.Protocols.Collectd;

/// <summary>
/// Tallies of one <see cref="CollectdPacketParser"/>, for the host to export (/_internal/metrics). Written only by
/// the thread that owns the parser; 64-bit reads from an exporter thread are atomic, so no locking is needed.
/// </summary>
public sealed class CollectdCounters
{
    private readonly long[] _rejections = new long[Enum.GetValues<CollectdRejectReason>().Length];

    /// <summary>Datagrams passed to the parser.</summary>
    public long Datagrams;

    /// <summary>Value lists handed to the receiver.</summary>
    public long ValueLists;

    /// <summary>Individual values in those lists.</summary>
    public long Values;

    /// <summary>Notifications handed to the receiver.</summary>
    public long Notifications;

    /// <summary>VALUES parts dropped silently as collectd does: time 0, or empty host, plugin or type.</summary>
    public long IncompleteValueLists;

    /// <summary>MESSAGE parts not dispatched: severity not 1/2/4, time 0, or empty message (collectd logs INFO).</summary>
    public long IncompleteNotifications;

    /// <summary>Signed payloads whose signature was verified.</summary>
    public long SignedPayloads;

    /// <summary>Encrypted parts decrypted with a matching checksum.</summary>
    public long EncryptedPayloads;

    /// <summary>Signature parts skipped unverified at level None without an AuthFile ("can't verify it, will accept it").</summary>
    public long UnverifiedSignatures;

    /// <summary>Sum of all rejection reasons.</summary>
    public long Rejections;

    /// <summary>The most recent rejection, for rate-limited logging.</summary>
    public CollectdRejectReason LastRejectReason;

    /// <summary>How often <paramref name="reason"/> happened.</summary>
    public long RejectedFor(CollectdRejectReason reason) => _rejections[(int)reason];

    /// <summary>Every reason with its count (for exporting), zero counts included.</summary>
    public IEnumerable<KeyValuePair<CollectdRejectReason, long>> AllRejections()
    {
        foreach (var reason in Enum.GetValues<CollectdRejectReason>())
        {
            if (reason != CollectdRejectReason.None)
            {
                yield return new(reason, _rejections[(int)reason]);
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal void Reject(CollectdRejectReason reason)
    {
        _rejections[(int)reason]++;
        Rejections++;
        LastRejectReason = reason;
    }
}
