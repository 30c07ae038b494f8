namespace TaobaoEtl.Configuration;

public sealed class LoggingOptions
{
    public const string Section = "Logging";

    public LogSeverity Level { get; set; } = LogSeverity.Information;

    public LogOutputFormat Format { get; set; } = LogOutputFormat.Human;
}
