using System.Numerics;
using NodaTime;

namespace TaobaoEtl.Verify;

/// <summary>
/// A 64-bit digest of compared values, so a million staged trades fit in memory as three numbers each and
/// are compared with the truth as it streams by. Deterministic (no per-process seed); a null, an empty text
/// and a zero each hash differently.
/// </summary>
internal struct Fingerprint
{
    private const ulong Multiplier = 0x9E3779B97F4A7C15;
    private ulong _state;

    public Fingerprint() => _state = 0xCBF29CE484222325;

    public readonly ulong Value => Mix(_state);

    public void Add(long value) => Step(0x01, (ulong)value);

    public void Add(long? value)
    {
        if (value is { } v) Add(v);
        else Null();
    }

    public void Add(int? value)
    {
        if (value is { } v) Step(0x02, (ulong)v);
        else Null();
    }

    public void Add(Instant? value)
    {
        if (value is { } v) Step(0x03, (ulong)v.ToUnixTimeTicks());
        else Null();
    }

    /// <summary>Money by value, not by text: 13.8 and 13.80 are the same amount.</summary>
    public void Add(decimal? value)
    {
        if (value is not { } v)
        {
            Null();
            return;
        }

        var cents = v * 100m;
        if (cents == decimal.Truncate(cents) && cents >= long.MinValue && cents <= long.MaxValue)
        {
            Step(0x04, (ulong)decimal.ToInt64(cents));
            return;
        }

        // Never for numeric(14,2) or the platform's two-decimal strings; kept exact anyway.
        var bits = decimal.GetBits(v / 1.000000000000000000000000000000000m);
        foreach (var part in bits) Step(0x05, (ulong)part);
    }

    public void Add(string? value)
    {
        if (value is null)
        {
            Null();
            return;
        }

        Step(0x06, (ulong)value.Length);
        ulong word = 0;
        var filled = 0;
        foreach (var c in value)
        {
            word = (word << 16) | c;
            if (++filled == 4)
            {
                Step(0x07, word);
                word = 0;
                filled = 0;
            }
        }

        if (filled > 0) Step(0x07, word);
    }

    private void Null() => Step(0x08, 0);

    private void Step(ulong tag, ulong value)
    {
        _state = BitOperations.RotateLeft((_state ^ Mix(value + tag * Multiplier)) * Multiplier, 27);
    }

    // SplitMix64's finalizer: every input bit reaches every output bit.
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
