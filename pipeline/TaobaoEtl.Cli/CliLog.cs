using Microsoft.Extensions.Logging;

namespace TaobaoEtl.Cli;

internal static partial class CliLog
{
    [LoggerMessage(EventId = 9601, Level = LogLevel.Error, Message = "Unexpected failure in {Command}")]
    public static partial void UnexpectedFailure(ILogger logger, Exception exception, string command);
}
