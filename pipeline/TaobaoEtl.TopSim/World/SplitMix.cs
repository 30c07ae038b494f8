namespace TaobaoEtl.TopSim.World;

/// <summary>
/// SplitMix64: a tiny, fast, fully specified generator. Chosen over <see cref="Random"/> so that a trade's
/// whole life can be re-drawn from (seed, trade, stream) at any moment without allocating.
/// </summary>
internal struct SplitMix
{
    private ulong _state;

    public SplitMix(long seed, long a, long b = 0) => _state = Hash(seed, a, b);

    public static ulong Hash(long seed, long a, long b = 0)
    {
        var x = Mix((ulong)seed ^ 0x9E3779B97F4A7C15UL);
        x = Mix(x ^ (ulong)a);
        return Mix(x ^ ((ulong)b * 0xD1B54A32D192ED03UL));
    }

    /// <summary>A uniform double in [0,1) from a hash, for one-off draws.</summary>
    public static double Unit(ulong hash) => (hash >> 11) * (1.0 / (1UL << 53));

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextULong()
    {
        _state += 0x9E3779B97F4A7C15UL;
        var z = _state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public double NextDouble() => Unit(NextULong());

    /// <summary>Uniform in [min, max).</summary>
    public int Next(int min, int max) => min + (int)(NextULong() % (ulong)(max - min));

    public long NextLong(long min, long max) => min + (long)(NextULong() % (ulong)(max - min));

    public bool Chance(double p) => NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(0, items.Count)];
}
