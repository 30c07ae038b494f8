namespace TaobaoEtl.TopSim.Tests;

/// <summary>
/// Tests that measure the managed heap (GC.GetTotalMemory) run alone: the heap is the whole process's, and a test class
/// running beside them (each starts a TopSim of its own) would be measured as theirs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasuringCollection
{
    public const string Name = "measures the managed heap";
}
