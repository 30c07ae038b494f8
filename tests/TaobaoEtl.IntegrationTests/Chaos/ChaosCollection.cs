namespace TaobaoEtl.IntegrationTests.Chaos;

/// <summary>
/// Chaos runs restart the PostgreSQL server every test shares (<c>pg_ctl restart -m immediate</c>): run alone, or
/// every other class's connections would die with it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ChaosCollection
{
    public const string Name = "Chaos (restarts PostgreSQL, runs alone)";
}
