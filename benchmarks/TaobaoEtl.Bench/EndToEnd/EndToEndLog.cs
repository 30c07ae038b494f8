using Microsoft.Extensions.Logging;

namespace TaobaoEtl.Bench.EndToEnd;

internal static partial class EndToEndLog
{
    [LoggerMessage(EventId = 7101, Level = LogLevel.Information,
        Message = "Backfill child: {Trades} trades over {Days} days in {Seconds:0.0} s, {Calls} list + detail calls, peak RSS {PeakMegabytes:0} MB")]
    public static partial void Backfilled(ILogger logger, long trades, int days, double seconds, long calls, double peakMegabytes);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Information,
        Message = "Increment child: {Slices} slices listing {Listed} trades, {Changed} owed a call; {DetailCalls} detail calls, {Calls} list + detail calls")]
    public static partial void Incremented(ILogger logger, int slices, long listed, long changed, long detailCalls, long calls);
}
