namespace TaobaoEtl.Bench.Report;

/// <summary>
/// One measured figure of a bench run under its JSON key. <see cref="Value"/> is null when the figure cannot be
/// measured in this build; <see cref="Note"/> then says why.
/// </summary>
public sealed record BenchFigure(string Key, double? Value, string Unit, string Target, string Note)
{
    public static BenchFigure Measured(string key, double value, string unit, string note = "") =>
        new(key, value, unit, BenchKeys.TargetOf(key), note);

    public static BenchFigure Pending(string key, string reason) => new(key, null, "", BenchKeys.TargetOf(key), reason);
}
