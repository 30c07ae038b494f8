using Microsoft.Extensions.Logging;

namespace TaobaoEtl.Sink;

internal static partial class CopySinkLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Debug,
        Message = "Sink wrote {Trades} trades ({Inserted} inserted, {Updated} updated, {Unchanged} unchanged, {Superseded} superseded), {Lines} lines, {Refunds} refunds, {Quarantined} quarantined, {DeadLetters} dead letters, {Checkpoints} checkpoints")]
    public static partial void BatchWritten(ILogger logger, int trades, long inserted, long updated, long unchanged, long superseded,
        long lines, int refunds, int quarantined, int deadLetters, int checkpoints);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Sink committed {RowsWritten} changed rows")]
    public static partial void Committed(ILogger logger, long rowsWritten);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Sink disposed without completing: its transaction was rolled back ({State})")]
    public static partial void RolledBack(ILogger logger, string state);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "Sink rollback failed; nothing of its transaction was committed")]
    public static partial void RollbackFailed(ILogger logger, Exception exception);
}
