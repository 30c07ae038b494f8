namespace TaobaoEtl.Bench;

/// <summary>The sizes and knobs of one bench run; <see cref="Quick"/> and <see cref="Full"/> are the two standard runs.</summary>
public sealed record BenchSettings
{
    /// <summary>Trades written through the sink and copied by psql.</summary>
    public required long Trades { get; init; }

    /// <summary>Distinct trades recorded from TopSim; the corpus mints every trade from one of them.</summary>
    public int SampleSize { get; init; } = 5_000;

    /// <summary>Trades made and written per round, so memory stays flat whatever <see cref="Trades"/> is.</summary>
    public int ChunkSize { get; init; } = 20_000;

    /// <summary>Trades per sink transaction (Sync:BatchSize).</summary>
    public int BatchSize { get; init; } = 2_000;

    /// <summary>Sinks writing at once, each on its own connection (Sync:ParallelSinks).</summary>
    public int ParallelSinks { get; init; } = 2;

    /// <summary>The quota Q in calls per second (Top:CallsPerSecond); TopSim bans the first call above it.</summary>
    public int Quota { get; init; } = 100;

    /// <summary>How long the quota phase counts calls, after its warm-up.</summary>
    public TimeSpan QuotaWindow { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan QuotaWarmUp { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Concurrent callers in the quota phase: many more than the rate needs, so only the gate limits them.</summary>
    public int QuotaCallers { get; init; } = 32;

    /// <summary>psql to time; null = found from pg_config or the usual install folders.</summary>
    public string? PsqlPath { get; init; }

    public bool IsQuick { get; init; }

    public static BenchSettings Quick => new() { Trades = 100_000, QuotaWindow = TimeSpan.FromSeconds(10), QuotaWarmUp = TimeSpan.FromSeconds(1), IsQuick = true };

    public static BenchSettings Full => new() { Trades = 1_000_000, QuotaWindow = TimeSpan.FromSeconds(30) };
}
