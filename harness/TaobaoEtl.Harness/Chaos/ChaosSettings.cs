using TaobaoEtl.TopSim;

namespace TaobaoEtl.Harness.Chaos;

/// <summary>What a chaos session does; every random choice comes from <see cref="Seed"/> (run i uses seed + i).</summary>
public sealed record ChaosSettings
{
    public required long Seed { get; init; }
    public int Runs { get; init; } = 1;
    public SimPreset Preset { get; init; } = SimPreset.Double11;

    /// <summary>Faults each run injects at least (more steps run until it is reached, up to <see cref="MaxSteps"/>).</summary>
    public int FaultTarget { get; init; } = 10;

    /// <summary>Increments each run has at least, faults or not.</summary>
    public int MinIncrements { get; init; } = 4;

    /// <summary>Most sync steps (backfill + increments) before the final one, so a run whose faults rarely fire still ends.</summary>
    public int MaxSteps { get; init; } = 40;

    public int BackfillDays { get; init; } = 1;

    /// <summary>The server the scratch databases are created on (its role must be allowed CREATE DATABASE).</summary>
    public required string AdminConnectionString { get; init; }

    public ChaosBreakage Breakage { get; init; } = ChaosBreakage.None;

    /// <summary>Calls per second the sync children use, under the simulator's hostile limit.</summary>
    public int CallsPerSecond { get; init; } = 140;

    /// <summary>Keep a run's database when it lost something, for inspection (its name is in the JSON line).</summary>
    public bool KeepFailedDatabases { get; init; } = true;

    /// <summary>Most restarts of one sync step after kills and retryable exits (75, 69).</summary>
    public int MaxRestarts { get; init; } = 12;

    /// <summary>How long a sync child may log nothing before it is taken for hung (its whole life may be six times this).</summary>
    public TimeSpan ChildTimeout { get; init; } = TimeSpan.FromMinutes(5);
}
