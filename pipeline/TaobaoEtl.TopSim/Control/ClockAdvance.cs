namespace TaobaoEtl.TopSim.Control;

/// <summary>The body of <c>POST /sim/clock/advance</c>.</summary>
internal sealed record ClockAdvance(double Seconds);
