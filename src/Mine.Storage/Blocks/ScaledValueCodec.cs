namespace Mine.Storage.Blocks;

/// <summary>The cheapest way found to store a block's values as scaled integers.</summary>
internal readonly record struct ScaledPlan(ValueKind Kind, int Exponent, bool DeltaOfDelta, bool Packed, int Size);

/// <summary>
/// Values as integer mantissas times one unit per block (10^e or 2^e), the mantissas then stored as differences.
/// Payload: [zigzag varint exponent][zigzag varint m0]([zigzag varint m1 - m0] for delta-of-delta)[difference stream].
/// </summary>
internal static class ScaledValueCodec
{
    private static readonly double Log2Of10 = Math.Log2(10);

    /// <summary>
    /// Picks the unit and fills <paramref name="mantissas"/>, then measures the four difference encodings (delta or
    /// delta-of-delta, varint or packed) and keeps the smallest. False when neither unit represents the values.
    /// </summary>
    public static bool TryPlan(ReadOnlySpan<double> values, Span<long> mantissas, out ScaledPlan plan)
    {
        plan = default;
        // At either unit a mantissa is the value divided by the unit, so the larger unit gives proportionally smaller
        // mantissas and differences. Binary is cheap to find, and it tells the decimal search where to give up:
        // 10^e no larger than 2^b cannot win.
        var isBinary = BinaryScale.TryFindExponent(values, out var binaryExponent);
        var lowestDecimal = isBinary
            ? Math.Max(-ValueBlockFormat.MaxDecimalExponent, (int)Math.Ceiling(binaryExponent / Log2Of10))
            : -ValueBlockFormat.MaxDecimalExponent;
        ValueKind kind;
        int exponent;
        if (lowestDecimal <= ValueBlockFormat.MaxDecimalExponent
            && DecimalScale.TryComputeMantissas(values, lowestDecimal, mantissas, out var decimalExponent)
            && !(isBinary && binaryExponent > decimalExponent * Log2Of10))
        {
            (kind, exponent) = (ValueKind.Decimal, decimalExponent);
        }
        else if (isBinary)
        {
            (kind, exponent) = (ValueKind.Binary, binaryExponent);
            BinaryScale.ComputeMantissas(values, exponent, mantissas);
        }
        else
        {
            return false;
        }

        var sizes = IntegerPacking.Measure(mantissas);
        var deltaHeader = VarInt.Length(VarInt.ZigZag(exponent)) + VarInt.Length(VarInt.ZigZag(mantissas[0]));
        plan = new ScaledPlan(kind, exponent, false, false, deltaHeader + sizes.DeltaVarint);
        Consider(ref plan, false, true, deltaHeader + sizes.DeltaPacked);
        if (mantissas.Length >= 3)
        {
            var dodHeader = deltaHeader + VarInt.Length(VarInt.ZigZag(mantissas[1] - mantissas[0]));
            Consider(ref plan, true, false, dodHeader + sizes.DeltaOfDeltaVarint);
            Consider(ref plan, true, true, dodHeader + sizes.DeltaOfDeltaPacked);
        }

        return true;
    }

    /// <summary>Writes a planned payload; <paramref name="destination"/> needs <see cref="BitWriter.Padding"/> spare bytes.</summary>
    public static int Write(in ScaledPlan plan, ReadOnlySpan<long> mantissas, Span<byte> destination)
    {
        var position = VarInt.Write(destination, 0, VarInt.ZigZag(plan.Exponent));
        position = VarInt.Write(destination, position, VarInt.ZigZag(mantissas[0]));
        var order = 1;
        if (plan.DeltaOfDelta)
        {
            position = VarInt.Write(destination, position, VarInt.ZigZag(mantissas[1] - mantissas[0]));
            order = 2;
        }

        var stream = destination[position..];
        return position + (plan.Packed
            ? IntegerPacking.WritePacked(mantissas, order, stream)
            : IntegerPacking.WriteVarints(mantissas, order, stream));
    }

    /// <summary>Decodes <paramref name="values"/>.Length values from the rest of <paramref name="reader"/>.</summary>
    public static void Read(ValueKind kind, bool deltaOfDelta, bool packed, ref BlockReader reader, Span<double> values)
    {
        var exponent = reader.ReadZigZag();
        var (multiply, factor) = kind == ValueKind.Binary ? BinaryFactor(exponent) : DecimalFactor(exponent);
        if (deltaOfDelta && values.Length < 3)
        {
            CorruptBlock.Throw("delta-of-delta needs at least three values");
        }

        // Mantissa arithmetic wraps silently on damaged input; the result is garbage values, never a crash.
        var mantissa = reader.ReadZigZag();
        values[0] = multiply ? mantissa * factor : mantissa / factor;
        long delta = 0;
        var next = 1;
        if (deltaOfDelta)
        {
            delta = reader.ReadZigZag();
            mantissa = unchecked(mantissa + delta);
            values[1] = multiply ? mantissa * factor : mantissa / factor;
            next = 2;
        }

        Span<long> group = stackalloc long[ValueBlockFormat.PackedGroupSize];
        var bits = new BitReader(packed ? reader.Rest : default);
        while (next < values.Length)
        {
            var chunk = group[..Math.Min(group.Length, values.Length - next)];
            if (packed)
            {
                IntegerPacking.ReadPackedGroup(ref bits, chunk);
            }
            else
            {
                IntegerPacking.ReadVarints(ref reader, chunk);
            }

            for (var j = 0; j < chunk.Length; j++)
            {
                unchecked
                {
                    if (deltaOfDelta)
                    {
                        delta += chunk[j];
                        mantissa += delta;
                    }
                    else
                    {
                        mantissa += chunk[j];
                    }
                }

                values[next++] = multiply ? mantissa * factor : mantissa / factor;
            }
        }

        if (packed)
        {
            reader.Skip(bits.BytesConsumed);
        }
    }

    /// <summary>Decimal decoding must match <see cref="DecimalScale.Scale"/> exactly: multiply by 10^e, or divide by 10^-e.</summary>
    private static (bool Multiply, double Factor) DecimalFactor(long exponent)
    {
        if (exponent is > ValueBlockFormat.MaxDecimalExponent or < -ValueBlockFormat.MaxDecimalExponent)
        {
            CorruptBlock.Throw($"decimal exponent {exponent} out of range");
        }

        var power = DecimalScale.Scale(1, (int)Math.Abs(exponent));
        return (exponent >= 0, power);
    }

    private static (bool Multiply, double Factor) BinaryFactor(long exponent)
    {
        if (exponent is > 1023 or < -1074)
        {
            CorruptBlock.Throw($"binary exponent {exponent} out of range");
        }

        return (true, BinaryScale.Unit((int)exponent));
    }

    private static void Consider(ref ScaledPlan best, bool deltaOfDelta, bool packed, int size)
    {
        if (size < best.Size)
        {
            best = best with { DeltaOfDelta = deltaOfDelta, Packed = packed, Size = size };
        }
    }
}
