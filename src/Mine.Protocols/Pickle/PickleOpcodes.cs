namespace Mine.Protocols.Pickle;

/// <summary>Opcode bytes from CPython's <c>Lib/pickle.py</c> (protocols 0–5), with the names error messages use.</summary>
internal static class PickleOpcodes
{
    // Structure and stack manipulation.
    public const byte Mark = (byte)'(';
    public const byte Stop = (byte)'.';
    public const byte Pop = (byte)'0';
    public const byte PopMark = (byte)'1';
    public const byte Dup = (byte)'2';
    public const byte Proto = 0x80;
    public const byte Frame = 0x95;

    // Scalars.
    public const byte None = (byte)'N';
    public const byte NewTrue = 0x88;
    public const byte NewFalse = 0x89;
    public const byte Int = (byte)'I';
    public const byte BinInt = (byte)'J';
    public const byte BinInt1 = (byte)'K';
    public const byte BinInt2 = (byte)'M';
    public const byte Long = (byte)'L';
    public const byte Long1 = 0x8a;
    public const byte Long4 = 0x8b;
    public const byte Float = (byte)'F';
    public const byte BinFloat = (byte)'G';

    // Strings and bytes.
    public const byte String = (byte)'S';
    public const byte BinString = (byte)'T';
    public const byte ShortBinString = (byte)'U';
    public const byte Unicode = (byte)'V';
    public const byte BinUnicode = (byte)'X';
    public const byte ShortBinUnicode = 0x8c;
    public const byte BinUnicode8 = 0x8d;
    public const byte BinBytes = (byte)'B';
    public const byte ShortBinBytes = (byte)'C';
    public const byte BinBytes8 = 0x8e;

    // Lists and tuples.
    public const byte EmptyList = (byte)']';
    public const byte List = (byte)'l';
    public const byte Append = (byte)'a';
    public const byte Appends = (byte)'e';
    public const byte EmptyTuple = (byte)')';
    public const byte Tuple = (byte)'t';
    public const byte Tuple1 = 0x85;
    public const byte Tuple2 = 0x86;
    public const byte Tuple3 = 0x87;

    // Memo.
    public const byte Put = (byte)'p';
    public const byte BinPut = (byte)'q';
    public const byte LongBinPut = (byte)'r';
    public const byte Memoize = 0x94;
    public const byte Get = (byte)'g';
    public const byte BinGet = (byte)'h';
    public const byte LongBinGet = (byte)'j';

    /// <summary>The name of an opcode we refuse (or null if the byte is no opcode at all).</summary>
    public static string? ForbiddenName(byte opcode) => opcode switch
    {
        (byte)'c' => "GLOBAL",
        0x93 => "STACK_GLOBAL",
        (byte)'R' => "REDUCE",
        (byte)'b' => "BUILD",
        (byte)'i' => "INST",
        (byte)'o' => "OBJ",
        0x81 => "NEWOBJ",
        0x92 => "NEWOBJ_EX",
        0x82 => "EXT1",
        0x83 => "EXT2",
        0x84 => "EXT4",
        (byte)'P' => "PERSID",
        (byte)'Q' => "BINPERSID",
        (byte)'d' => "DICT",
        (byte)'}' => "EMPTY_DICT",
        (byte)'s' => "SETITEM",
        (byte)'u' => "SETITEMS",
        0x8f => "EMPTY_SET",
        0x90 => "ADDITEMS",
        0x91 => "FROZENSET",
        0x96 => "BYTEARRAY8",
        0x97 => "NEXT_BUFFER",
        0x98 => "READONLY_BUFFER",
        _ => null,
    };
}
