using Microsoft.Extensions.Time.Testing;
using NodaTime;
using TaobaoEtl.Fetch;
using TaobaoEtl.Top;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Tests.Top;

/// <summary>
/// The instant a fetched copy is dated by (its <c>fetched_at</c>) must be a LOWER bound of the instant the platform
/// read the trade (top-api.md §2a): the skip rule trusts it to prove the copy saw every change of its modified second.
/// </summary>
public sealed class TopReadInstantTests
{
    // Second S = 2026-11-12 00:00:05 GMT+8.
    private static readonly Instant S = Instant.FromUtc(2026, 11, 11, 16, 0, 5);

    private static string FullInfoModifiedAt(Instant modified) =>
        $$$"""{"trade_fullinfo_get_response":{"trade":{"tid":77,"modified":"{{{PlatformTime.Format(modified)}}}","payment":"1.00"},"request_id":"r"}}""";

    private static string HttpDate(Instant instant) => instant.ToDateTimeOffset().ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_copy_read_inside_the_second_of_its_change_is_fetched_again_though_its_date_header_is_the_next_second()
    {
        // The trade changes twice in second S; the platform reads it at S.9 (first change only) and the answer
        // leaves at S+1.2, stamped Date: S+1. The client saw the request go out 300 ms before the headers came back.
        var time = new FakeTimeProvider(S.ToDateTimeOffset());
        await using var gateway = new ScriptedGateway((_, _) =>
        {
            time.Advance(TimeSpan.FromMilliseconds(300));
            return ScriptedReply.Json(FullInfoModifiedAt(S), HttpDate(S + Duration.FromSeconds(1)));
        });
        using var top = new ScriptedClient(gateway.Url, timeProvider: time);

        var copy = await top.Client.GetFullInfoAsync(top.Session, 77, TradeFields.FullInfo, CancellationToken.None);

        var stored = new KnownFilterStoredCopy(copy.Modified!.Value, copy.ReadNotBefore);
        Assert.False(KnownFilterRule.IsKnownCurrent(S, stored),
            "a copy that may have been read inside its modified second was skipped as current");
    }

    [Fact]
    public async Task With_a_date_header_the_read_is_dated_no_later_than_the_date_second_minus_the_measured_round_trip()
    {
        var time = new FakeTimeProvider(S.ToDateTimeOffset());
        await using var gateway = new ScriptedGateway((_, _) =>
        {
            time.Advance(TimeSpan.FromMilliseconds(300));
            return ScriptedReply.Json(FullInfoModifiedAt(S - Duration.FromMinutes(1)), HttpDate(S + Duration.FromSeconds(1)));
        });
        using var top = new ScriptedClient(gateway.Url, timeProvider: time);

        var copy = await top.Client.GetFullInfoAsync(top.Session, 77, TradeFields.FullInfo, CancellationToken.None);

        Assert.True(copy.Answer.FromDateHeader);
        Assert.Equal(S + Duration.FromSeconds(1) - Duration.FromMilliseconds(300), copy.ReadNotBefore);
    }

    [Fact]
    public async Task A_copy_read_well_after_its_modified_second_is_known_current()
    {
        // Not vacuous: the lower bound still lets a copy read seconds later skip its next detail call.
        var time = new FakeTimeProvider(S.ToDateTimeOffset());
        await using var gateway = new ScriptedGateway((_, _) =>
        {
            time.Advance(TimeSpan.FromMilliseconds(300));
            return ScriptedReply.Json(FullInfoModifiedAt(S), HttpDate(S + Duration.FromSeconds(10)));
        });
        using var top = new ScriptedClient(gateway.Url, timeProvider: time);

        var copy = await top.Client.GetFullInfoAsync(top.Session, 77, TradeFields.FullInfo, CancellationToken.None);

        Assert.True(KnownFilterRule.IsKnownCurrent(S, new KnownFilterStoredCopy(copy.Modified!.Value, copy.ReadNotBefore)));
    }
}
