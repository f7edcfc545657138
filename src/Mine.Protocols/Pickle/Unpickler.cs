using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Unicode;
using Mine.Compat.Python;

namespace Mine.Protocols.Pickle;

/// <summary>
/// A restricted pickle virtual machine: it understands only the opcodes that build lists, tuples, strings,
/// bytes, numbers, None and booleans, plus the memo and framing opcodes, and refuses every opcode that could name
/// or call Python code (GLOBAL, REDUCE, BUILD…) or build other containers. It is a loop over the input, never
/// recursive, and every table it fills is capped, so a hostile frame costs at most time linear in its length.
/// Instances are reused per thread (<see cref="Rent"/>/<see cref="Return"/>) so steady-state parsing allocates
/// nothing; the tables shrink back after an unusually large frame.
/// </summary>
internal sealed partial class Unpickler
{
    // A real 1 MiB frame holds at most ~50k items (~150k values); these caps sit well above that and keep a
    // hostile frame's working set to a few tens of MB, where CPython's own unpickler can be driven to gigabytes.
    internal const int MaxStackDepth = 1 << 17;
    internal const int MaxMemoEntries = 1 << 17;
    internal const int MaxContainerElements = 1 << 19;
    private const int RetainedCapacity = 1 << 12;
    private const int HighestProtocol = 5;
    private const int NoFrame = -1;

    [ThreadStatic]
    private static Unpickler? t_cached;

    private readonly Dictionary<uint, PickleValue> _memo = [];
    private PickleValue[] _stack = new PickleValue[64];
    private int _stackCount;
    private int[] _marks = new int[16];
    private int _markCount;
    private Container[] _containers = new Container[64];
    private int _containerCount;
    private Element[] _elements = new Element[256];
    private int _elementCount;

    /// <summary>End offset of the current protocol-4 frame, or <see cref="NoFrame"/>.</summary>
    private int _frameEnd = NoFrame;

    /// <summary>Why the last <see cref="TryLoad"/> failed.</summary>
    public string? Error { get; private set; }

    public static Unpickler Rent()
    {
        var unpickler = t_cached ?? new Unpickler();
        t_cached = null;
        return unpickler;
    }

    public static void Return(Unpickler unpickler)
    {
        unpickler.Reset();
        t_cached = unpickler;
    }

    /// <summary>Runs the pickle program in <paramref name="data"/> up to STOP; trailing bytes are ignored, as in Python.</summary>
    public bool TryLoad(ReadOnlySpan<byte> data, out PickleValue result)
    {
        result = default;
        _frameEnd = NoFrame;
        var position = 0;
        while (position < data.Length)
        {
            var offset = position;
            if (!TryEnterRead(position, 1))
            {
                return false;
            }

            var opcode = data[position++];
            if (opcode == PickleOpcodes.Stop)
            {
                return TryPop(out result);
            }

            if (!TryExecute(opcode, offset, data, ref position))
            {
                return false;
            }
        }

        return Fail("pickle data was truncated: no STOP opcode");
    }

    public int Count(in PickleValue sequence) => _containers[sequence.Start].Count;

    /// <summary>The first element index of a list or tuple, or −1; walk on with <see cref="NextElement"/>.</summary>
    public int FirstElement(in PickleValue sequence) => _containers[sequence.Start].First;

    public int NextElement(int element) => _elements[element].Next;

    public PickleValue ElementValue(int element) => _elements[element].Value;

    /// <summary>Python's <c>a, b = value</c> for a list or tuple of exactly two elements.</summary>
    public bool TryGetPair(in PickleValue value, out PickleValue first, out PickleValue second)
    {
        first = second = default;
        if (!value.IsSequence || Count(value) != 2)
        {
            return false;
        }

        var element = FirstElement(value);
        first = _elements[element].Value;
        second = _elements[_elements[element].Next].Value;
        return true;
    }

    /// <summary>The UTF-8 (text) or raw bytes of a string value from the last load of <paramref name="payload"/>.</summary>
    public ReadOnlySpan<byte> GetBytes(ReadOnlySpan<byte> payload, in PickleValue value) =>
        value.InScratch ? _scratch.AsSpan(value.Start, value.Length) : payload.Slice(value.Start, value.Length);

    private bool TryExecute(byte opcode, int offset, ReadOnlySpan<byte> data, scoped ref int position)
    {
        ReadOnlySpan<byte> bytes;
        switch (opcode)
        {
            case PickleOpcodes.Proto:
                if (!TryTake(data, ref position, 1, out bytes))
                {
                    return false;
                }

                return bytes[0] <= HighestProtocol || Fail($"unsupported pickle protocol: {bytes[0]}");
            case PickleOpcodes.Frame:
                return TryStartFrame(data, ref position);
            case PickleOpcodes.Mark:
                return TryPushMark();
            case PickleOpcodes.Pop:
                return TryPopOne();
            case PickleOpcodes.PopMark:
                return TryPopMark(out var discardFrom) && TryTruncate(discardFrom);
            case PickleOpcodes.Dup:
                return TryPeek(out var top) && TryPush(top);
            case PickleOpcodes.None:
                return TryPush(PickleValue.None);
            case PickleOpcodes.NewTrue:
                return TryPush(PickleValue.Boolean(true));
            case PickleOpcodes.NewFalse:
                return TryPush(PickleValue.Boolean(false));
            case PickleOpcodes.Int:
                return TryLoadInt(data, ref position);
            case PickleOpcodes.Long:
                return TryLoadLong(data, ref position);
            case PickleOpcodes.BinInt:
                return TryTake(data, ref position, 4, out bytes)
                    && TryPush(PickleValue.Integer(BinaryPrimitives.ReadInt32LittleEndian(bytes)));
            case PickleOpcodes.BinInt1:
                return TryTake(data, ref position, 1, out bytes) && TryPush(PickleValue.Integer(bytes[0]));
            case PickleOpcodes.BinInt2:
                return TryTake(data, ref position, 2, out bytes)
                    && TryPush(PickleValue.Integer(BinaryPrimitives.ReadUInt16LittleEndian(bytes)));
            case PickleOpcodes.Long1:
                return TryTake(data, ref position, 1, out bytes)
                    && TryTake(data, ref position, bytes[0], out bytes)
                    && TryPush(PythonInt.FromTwosComplement(bytes));
            case PickleOpcodes.Long4:
                return TryTakeLength(data, ref position, 4, signed: true, out var longLength)
                    && TryTake(data, ref position, longLength, out bytes)
                    && TryPush(PythonInt.FromTwosComplement(bytes));
            case PickleOpcodes.Float:
                return TryReadLine(data, ref position, out _, out var line)
                    && (TryParseFloatArgument(AsCString(line), out var number) || Fail("could not convert FLOAT argument to float"))
                    && TryPush(PickleValue.Float(number));
            case PickleOpcodes.BinFloat:
                return TryTake(data, ref position, 8, out bytes)
                    && TryPush(PickleValue.Float(BinaryPrimitives.ReadDoubleBigEndian(bytes)));
            case PickleOpcodes.String:
                return TryLoadQuotedString(data, ref position);
            case PickleOpcodes.BinString:
                return TryLoadCounted(data, ref position, 4, signed: true, PickleKind.Text);
            case PickleOpcodes.ShortBinString:
                return TryLoadCounted(data, ref position, 1, signed: false, PickleKind.Text);
            case PickleOpcodes.Unicode:
                return TryLoadRawUnicode(data, ref position);
            case PickleOpcodes.BinUnicode:
                return TryLoadCounted(data, ref position, 4, signed: false, PickleKind.Text);
            case PickleOpcodes.ShortBinUnicode:
                return TryLoadCounted(data, ref position, 1, signed: false, PickleKind.Text);
            case PickleOpcodes.BinUnicode8:
                return TryLoadCounted(data, ref position, 8, signed: false, PickleKind.Text);
            case PickleOpcodes.BinBytes:
                return TryLoadCounted(data, ref position, 4, signed: false, PickleKind.Bytes);
            case PickleOpcodes.ShortBinBytes:
                return TryLoadCounted(data, ref position, 1, signed: false, PickleKind.Bytes);
            case PickleOpcodes.BinBytes8:
                return TryLoadCounted(data, ref position, 8, signed: false, PickleKind.Bytes);
            case PickleOpcodes.EmptyList:
                return TryNewContainer(PickleKind.List, 0);
            case PickleOpcodes.EmptyTuple:
                return TryNewContainer(PickleKind.Tuple, 0);
            case PickleOpcodes.List:
                return TryPopMark(out var mark) && TryNewContainer(PickleKind.List, _stackCount - mark);
            case PickleOpcodes.Tuple:
                return TryPopMark(out mark) && TryNewContainer(PickleKind.Tuple, _stackCount - mark);
            case PickleOpcodes.Tuple1:
                return TryNewContainer(PickleKind.Tuple, 1);
            case PickleOpcodes.Tuple2:
                return TryNewContainer(PickleKind.Tuple, 2);
            case PickleOpcodes.Tuple3:
                return TryNewContainer(PickleKind.Tuple, 3);
            case PickleOpcodes.Append:
                return TryAppend(1);
            case PickleOpcodes.Appends:
                return TryPopMark(out mark) && TryAppend(_stackCount - mark);
            case PickleOpcodes.Put:
                return TryReadLine(data, ref position, out _, out line)
                    && TryParseMemoIndex(AsCString(line), out var index) && TryMemoize(index);
            case PickleOpcodes.BinPut:
                return TryTake(data, ref position, 1, out bytes) && TryMemoize(bytes[0]);
            case PickleOpcodes.LongBinPut:
                return TryTake(data, ref position, 4, out bytes) && TryMemoize(BinaryPrimitives.ReadUInt32LittleEndian(bytes));
            case PickleOpcodes.Memoize:
                return TryMemoize((uint)_memo.Count);
            case PickleOpcodes.Get:
                return TryReadLine(data, ref position, out _, out line)
                    && TryParseMemoIndex(AsCString(line), out index) && TryPushMemo(index);
            case PickleOpcodes.BinGet:
                return TryTake(data, ref position, 1, out bytes) && TryPushMemo(bytes[0]);
            case PickleOpcodes.LongBinGet:
                return TryTake(data, ref position, 4, out bytes) && TryPushMemo(BinaryPrimitives.ReadUInt32LittleEndian(bytes));
            default:
                return FailForbidden(opcode, offset);
        }
    }

    private bool FailForbidden(byte opcode, int offset)
    {
        var name = PickleOpcodes.ForbiddenName(opcode);
        return name is null
            ? Fail($"invalid pickle opcode 0x{opcode:x2} at offset {offset}")
            : Fail($"pickle opcode {name} (0x{opcode:x2}) at offset {offset} is not allowed: "
                + "only lists, tuples, strings, bytes, numbers, None and booleans are accepted");
    }

    private bool TryLoadInt(ReadOnlySpan<byte> data, scoped ref int position)
    {
        if (!TryReadLine(data, ref position, out _, out var line))
        {
            return false;
        }

        if (line.IsEmpty)
        {
            return Fail("pickle data was truncated");
        }

        // CPython's C unpickler: strtol first (protocol 0 spells booleans as the two-character "00"/"01"), then int().
        var text = AsCString(line);
        if (PythonInt.TryParseCLong(text, out var small) || (text.IsEmpty && line.Length > 0))
        {
            return TryPush(line.Length == 2 && (small is 0 or 1) ? PickleValue.Boolean(small == 1) : PickleValue.Integer(small));
        }

        return (PythonInt.TryParse(text, detectBase: true, out var value) || Fail("invalid literal for INT opcode"))
            && TryPush(value);
    }

    /// <summary>
    /// CPython parses FLOAT with <c>PyOS_string_to_double</c>, which is stricter than <c>float()</c>: no whitespace,
    /// no underscores, and a finite literal that overflows is an error rather than ∞.
    /// </summary>
    private static bool TryParseFloatArgument(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        if (text.IndexOfAny(PythonFloat.Whitespace) >= 0 || text.IndexOf((byte)'_') >= 0
            || !PythonFloat.TryParse(text, out value))
        {
            return false;
        }

        var unsigned = text.TrimStart("+-"u8);
        return !double.IsInfinity(value) || (unsigned.Length > 0 && (unsigned[0] | 0x20) == 'i');
    }

    /// <summary>
    /// CPython hands INT, LONG, FLOAT, PUT and GET arguments to C string functions, which stop at the first NUL byte.
    /// </summary>
    private static ReadOnlySpan<byte> AsCString(ReadOnlySpan<byte> line)
    {
        var nul = line.IndexOf((byte)0);
        return nul < 0 ? line : line[..nul];
    }

    private bool TryLoadLong(ReadOnlySpan<byte> data, scoped ref int position)
    {
        if (!TryReadLine(data, ref position, out _, out var line))
        {
            return false;
        }

        if (line.Length > 0 && line[^1] == 'L')
        {
            line = line[..^1]; // Python 2 repr of a long: "123L"
        }

        return (PythonInt.TryParse(AsCString(line), detectBase: true, out var value) || Fail("invalid literal for LONG opcode"))
            && TryPush(value);
    }

    private bool TryLoadCounted(ReadOnlySpan<byte> data, scoped ref int position, int lengthBytes, bool signed, PickleKind kind)
    {
        if (!TryTakeLength(data, ref position, lengthBytes, signed, out var length))
        {
            return false;
        }

        var start = position;
        if (!TryTake(data, ref position, length, out var bytes))
        {
            return false;
        }

        // Python decodes str opcodes as UTF-8 and a decoding error fails the whole load, so it does here too.
        if (kind == PickleKind.Text && !Utf8.IsValid(bytes))
        {
            return Fail($"string at offset {start} is not valid UTF-8");
        }

        return TryPush(PickleValue.String(kind, start, length, inScratch: false));
    }

    private bool TryParseMemoIndex(ReadOnlySpan<byte> line, out uint index)
    {
        index = 0;
        if (!PythonInt.TryParse(line, detectBase: false, out var value) || value.Kind != PickleKind.Integer
            || !value.TryGetNumber(out var number) || number < 0 || number > uint.MaxValue)
        {
            return Fail("invalid memo index");
        }

        index = (uint)number;
        return true;
    }

    private bool TryMemoize(uint index)
    {
        if (!TryPeek(out var top))
        {
            return false;
        }

        if (_memo.Count >= MaxMemoEntries && !_memo.ContainsKey(index))
        {
            return Fail($"pickle memo exceeds {MaxMemoEntries} entries");
        }

        _memo[index] = top;
        return true;
    }

    private bool TryPushMemo(uint index) =>
        _memo.TryGetValue(index, out var value) ? TryPush(value) : Fail($"memo value not found at index {index}");

    private bool Fail(string error)
    {
        Error = error;
        return false;
    }

    private void Reset()
    {
        Error = null;
        _stackCount = 0;
        _markCount = 0;
        _containerCount = 0;
        _elementCount = 0;
        _scratchUsed = 0;
        if (_memo.Count > RetainedCapacity)
        {
            _memo.Clear();
            _memo.TrimExcess(RetainedCapacity);
        }
        else
        {
            _memo.Clear();
        }

        ShrinkIfHuge(ref _stack);
        ShrinkIfHuge(ref _marks);
        ShrinkIfHuge(ref _containers);
        ShrinkIfHuge(ref _elements);
        ShrinkIfHuge(ref _scratch);
    }

    private static void ShrinkIfHuge<T>(ref T[] array)
    {
        if (array.Length > RetainedCapacity * 4)
        {
            array = new T[RetainedCapacity];
        }
    }

    /// <summary>A list or tuple: a singly linked chain of elements, so APPEND never moves other data.</summary>
    [StructLayout(LayoutKind.Auto)]
    private struct Container
    {
        public int First;
        public int Last;
        public int Count;
    }

    [StructLayout(LayoutKind.Auto)]
    private struct Element
    {
        public PickleValue Value;
        public int Next;
    }
}
