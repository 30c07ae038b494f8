namespace TaobaoEtl.IntegrationTests.Top;

/// <summary>
/// Tests that measure rates and ban timing against real time run alone in this assembly: another class hammering
/// PostgreSQL or a TopSim on the same two cores would measure the machine, not the client.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitiveCollection
{
    public const string Name = "Timing-sensitive (runs alone)";
}
