namespace TaobaoEtl.TopSim.Control;

/// <summary>The body of <c>POST /sim/life</c>: <c>{"paused":true}</c> stops the world's life cycle, <c>false</c> resumes it.</summary>
internal sealed record LifeSwitch(bool? Paused);
