namespace TaobaoEtl.State;

/// <summary>What a window cost and produced: list calls, tids listed, detail calls, tids skipped as known.</summary>
public readonly record struct WindowTally(int Pages, int Listed, int Fetched, int Skipped);
