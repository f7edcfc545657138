using System.Runtime.InteropServices;

namespace Mine.Protocols.Pickle;

internal enum PickleKind : byte
{
    None,
    Boolean,
    Integer,

    /// <summary>An int outside the long range, kept as the double Python's <c>float()</c> would give (±∞ if it raises).</summary>
    LargeInteger,
    Float,

    /// <summary>A Python str (or Python 2 str), UTF-8 encoded.</summary>
    Text,
    Bytes,
    List,
    Tuple,
}

/// <summary>
/// One unpickled object. Strings are not copied: they point into the payload, or into the unpickler's scratch
/// buffer when escapes had to be decoded. Lists and tuples are indices into the unpickler's container table, so
/// memo references and DUP share one list exactly as Python objects would.
/// </summary>
[StructLayout(LayoutKind.Auto)]
internal readonly struct PickleValue
{
    private readonly long _bits;

    private PickleValue(PickleKind kind, long bits, int start = 0, int length = 0, bool inScratch = false)
    {
        Kind = kind;
        _bits = bits;
        Start = start;
        Length = length;
        InScratch = inScratch;
    }

    public PickleKind Kind { get; }

    /// <summary>For text and bytes: the offset of the data; for lists and tuples: the container index.</summary>
    public int Start { get; }

    public int Length { get; }

    public bool InScratch { get; }

    public bool IsSequence => Kind is PickleKind.List or PickleKind.Tuple;

    public bool IsString => Kind is PickleKind.Text or PickleKind.Bytes;

    public static PickleValue None => default;

    public static PickleValue Boolean(bool value) => new(PickleKind.Boolean, value ? 1 : 0);

    public static PickleValue Integer(long value) => new(PickleKind.Integer, value);

    public static PickleValue LargeInteger(double approximation) =>
        new(PickleKind.LargeInteger, BitConverter.DoubleToInt64Bits(approximation));

    public static PickleValue Float(double value) => new(PickleKind.Float, BitConverter.DoubleToInt64Bits(value));

    public static PickleValue String(PickleKind kind, int start, int length, bool inScratch) =>
        new(kind, 0, start, length, inScratch);

    public static PickleValue Container(PickleKind kind, int index) => new(kind, 0, index);

    /// <summary>Python's <c>float(x)</c> for the numeric kinds; false where it would raise.</summary>
    public bool TryGetNumber(out double value)
    {
        switch (Kind)
        {
            case PickleKind.Boolean:
            case PickleKind.Integer:
                value = _bits;
                return true;
            case PickleKind.LargeInteger:
                value = BitConverter.Int64BitsToDouble(_bits);
                return double.IsFinite(value);
            case PickleKind.Float:
                value = BitConverter.Int64BitsToDouble(_bits);
                return true;
            default:
                value = 0;
                return false;
        }
    }

    public override string ToString() => Kind.ToString();
}
