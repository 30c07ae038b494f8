namespace TaobaoEtl.Configuration;

/// <summary><c>Logging:Level</c>: the least severe log event written (Serilog's levels, by name).</summary>
public enum LogSeverity
{
    Verbose,
    Debug,
    Information,
    Warning,
    Error,
    Fatal,
}
