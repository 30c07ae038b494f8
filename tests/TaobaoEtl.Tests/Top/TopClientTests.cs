using System.Text;
using Microsoft.Extensions.Logging;
using NodaTime;
using TaobaoEtl.Top;

namespace TaobaoEtl.Tests.Top;

public sealed class TopClientTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static SoldTradesQuery Window => new(Instant.FromUtc(2026, 11, 10, 16, 0), Instant.FromUtc(2026, 11, 11, 15, 59, 59));

    [Fact]
    public async Task System_parameters_go_in_the_query_api_parameters_in_the_form_body_and_the_signature_covers_both()
    {
        await using var gateway = new ScriptedGateway((_, _) => ScriptedReply.Json(Replies.SoldPage));
        using var top = new ScriptedClient(gateway.Url);

        var page = await top.Client.GetSoldTidsAsync(top.Session, Window, CancellationToken.None);

        var call = Assert.Single(gateway.Calls);
        Assert.Equal("POST", call.Method);
        Assert.StartsWith("application/x-www-form-urlencoded", call.ContentType, StringComparison.Ordinal);
        Assert.Contains("charset=utf-8", call.ContentType, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("taobao.trades.sold.get", call.Query["method"]);
        Assert.Equal(ScriptedClient.AppKey, call.Query["app_key"]);
        Assert.Equal("json", call.Query["format"]);
        Assert.Equal("2.0", call.Query["v"]);
        Assert.Equal("hmac-sha256", call.Query["sign_method"]);
        Assert.Equal(ScriptedClient.SessionValue, call.Query["session"]);
        // The fake clock reads 16:00:05 UTC: the platform wants the wall clock in GMT+8.
        Assert.Equal("2026-11-12 00:00:05", call.Query["timestamp"]);
        Assert.Equal("2026-11-11 00:00:00", call.Form["start_created"]);
        Assert.Equal("2026-11-11 23:59:59", call.Form["end_created"]);
        Assert.Equal(TradeTypes.AllJoined, call.Form["type"]);
        Assert.Equal("true", call.Form["use_has_next"]);
        Assert.DoesNotContain("session", call.Form.Keys);

        var signed = call.Query.Where(p => p.Key != "sign").Concat(call.Form);
        Assert.Equal(TopSigner.Sign(signed, ScriptedClient.AppSecret, TopSignMethod.HmacSha256), call.Query["sign"]);

        Assert.Equal([452790065331038L, 163288460521882636L], page.Trades.Select(t => t.Tid));
        Assert.False(page.HasNext);
        Assert.Equal("s1", page.Answer.RequestId);
    }

    [Fact]
    public void Every_trade_type_of_the_spec_is_listed_once()
    {
        Assert.Equal(28, TradeTypes.All.Count);
        Assert.Equal(TradeTypes.All.Count, TradeTypes.All.Distinct().Count());
        Assert.Contains("lazada", TradeTypes.All);
        Assert.Contains("step", TradeTypes.All);
    }

    [Fact]
    public async Task Fullinfo_returns_the_raw_trade_bytes_and_a_read_instant_no_later_than_the_date_header()
    {
        await using var gateway = new ScriptedGateway((_, _) => ScriptedReply.Json(Replies.FullInfo, "Wed, 11 Nov 2026 16:00:09 GMT"));
        using var top = new ScriptedClient(gateway.Url);

        var result = await top.Client.GetFullInfoAsync(top.Session, 163288460521882636, TradeFields.FullInfo, CancellationToken.None);

        Assert.Equal(Replies.Trade, Encoding.UTF8.GetString(result.TradeJson.Span));
        Assert.Equal(163288460521882636L, result.Tid);
        Assert.Equal(Instant.FromUtc(2026, 11, 11, 12, 30, 0), result.Modified);
        Assert.Equal(Instant.FromUtc(2026, 11, 11, 16, 0, 9), result.Answer.DatedAt);
        Assert.True(result.ReadNotBefore < result.Answer.DatedAt, "the round trip is subtracted from the Date second");
        Assert.True(result.Answer.FromDateHeader);
        Assert.Equal("f1", result.Answer.RequestId);
        var call = Assert.Single(gateway.Calls);
        Assert.Equal("163288460521882636", call.Form["tid"]);
        Assert.Equal(TradeFields.FullInfo, call.Form["fields"]);
    }

    [Fact]
    public async Task Without_a_date_header_the_read_is_dated_by_the_local_clock_at_the_send_corrected_by_time_get_minus_a_margin()
    {
        await using var gateway = new ScriptedGateway((call, _) => call.ApiMethod == "taobao.time.get"
            ? ScriptedReply.Json(Replies.Time, date: null)
            : ScriptedReply.Json(Replies.FullInfo, date: null));
        using var top = new ScriptedClient(gateway.Url);

        var time = await top.Client.GetTimeAsync(CancellationToken.None);
        Assert.Equal(Duration.FromMinutes(10), time.Offset);
        var result = await top.Client.GetFullInfoAsync(top.Session, 163288460521882636, TradeFields.FullInfo, CancellationToken.None);

        Assert.False(result.Answer.FromDateHeader);
        Assert.Equal(ScriptedClient.Now + Duration.FromMinutes(10) - Duration.FromSeconds(2), result.ReadNotBefore);
        Assert.Equal(ScriptedClient.Now + Duration.FromMinutes(10), result.Answer.DatedAt);
    }

    public static TheoryData<string> TransientFailures => new() { "isp", "http500", "http503", "dropped" };

    public static TheoryData<string> MalformedFailures => new() { "malformed", "truncated", "empty-envelope" };

    private static ScriptedReply Failure(string kind) => kind switch
    {
        "isp" => ScriptedReply.Json(Replies.IspTimeout),
        "http500" => new ScriptedReply(500, "<html>Internal Server Error</html>"),
        "http503" => new ScriptedReply(503, ""),
        "dropped" => ScriptedReply.Dropped(),
        "malformed" => ScriptedReply.Json("<html>gateway</html>"),
        "truncated" => ScriptedReply.Json(Replies.FullInfo[..40]),
        "empty-envelope" => ScriptedReply.Json("{}"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(TransientFailures))]
    public Task A_transient_failure_is_retried_and_the_call_succeeds(string kind) =>
        AssertTwoFailuresThenSuccessAsync(kind, TopCallOutcome.Transient);

    [Theory]
    [MemberData(nameof(MalformedFailures))]
    public Task A_malformed_answer_is_retried_and_the_call_succeeds(string kind) =>
        AssertTwoFailuresThenSuccessAsync(kind, TopCallOutcome.MalformedAnswer);

    /// <summary>Two failures of <paramref name="kind"/>, then the answer: one call to the caller, three to the gateway, each counted as what it was.</summary>
    private static async Task AssertTwoFailuresThenSuccessAsync(string kind, TopCallOutcome failedAs)
    {
        await using var gateway = new ScriptedGateway((_, n) => n <= 2 ? Failure(kind) : ScriptedReply.Json(Replies.FullInfo));
        using var top = new ScriptedClient(gateway.Url);

        var result = await top.Client.GetFullInfoAsync(top.Session, 163288460521882636, TradeFields.FullInfo, CancellationToken.None);

        Assert.Equal(163288460521882636L, result.Tid);
        Assert.Equal(3, gateway.Calls.Count);
        var counts = top.Counters.Snapshot();
        Assert.Equal(2, counts.Count("taobao.trade.fullinfo.get", failedAs));
        Assert.Equal(1, counts.Count("taobao.trade.fullinfo.get", TopCallOutcome.Success));
        Assert.Equal(2, counts.Retries);
    }

    [Fact]
    public async Task Transient_retries_are_bounded_by_max_attempts()
    {
        await using var gateway = new ScriptedGateway((_, _) => ScriptedReply.Json(Replies.IspTimeout));
        using var top = new ScriptedClient(gateway.Url, o => o.MaxAttempts = 3);

        var ex = await Assert.ThrowsAsync<TopException>(() =>
            top.Client.GetFullInfoAsync(top.Session, 1, TradeFields.FullInfo, CancellationToken.None));

        Assert.Equal(TopErrorKind.Transient, ex.Kind);
        Assert.Equal("isp.remote-service-timeout", ex.SubCode);
        Assert.Equal(3, gateway.Calls.Count);
    }

    [Fact]
    public async Task A_caller_error_is_not_retried_and_is_logged_with_method_parameters_request_id_and_sub_code()
    {
        await using var gateway = new ScriptedGateway((_, _) => ScriptedReply.Json(Replies.TradeNotExist));
        using var top = new ScriptedClient(gateway.Url);

        var ex = await Assert.ThrowsAsync<TopException>(() =>
            top.Client.GetFullInfoAsync(top.Session, 424242, "tid,modified", CancellationToken.None));

        Assert.Equal(TopErrorKind.CallerError, ex.Kind);
        Assert.Equal(15, ex.Code);
        Assert.Equal("isv.trade-not-exist", ex.SubCode);
        Assert.Equal("交易订单不存在", ex.SubMsg);
        Assert.Equal("e-isv", ex.RequestId);
        Assert.Equal("taobao.trade.fullinfo.get", ex.Method);
        Assert.Single(gateway.Calls);

        var line = Assert.Single(top.Log.Lines, l => l.EventId.Id == 4001);
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.Contains("taobao.trade.fullinfo.get", line.Message, StringComparison.Ordinal);
        Assert.Contains("tid=424242", line.Message, StringComparison.Ordinal);
        Assert.Contains("e-isv", line.Message, StringComparison.Ordinal);
        Assert.Contains("isv.trade-not-exist", line.Message, StringComparison.Ordinal);
        Assert.Contains("交易订单不存在", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_code_from_an_old_body_without_request_id_is_unrecognized_and_retried_a_bounded_number_of_times()
    {
        await using var gateway = new ScriptedGateway((_, _) => ScriptedReply.Json(Replies.Error(530, "Some old failure", requestId: null)));
        using var top = new ScriptedClient(gateway.Url, o => o.MaxAttempts = 3);

        var ex = await Assert.ThrowsAsync<TopException>(() => top.Client.GetTimeAsync(CancellationToken.None));

        Assert.Equal(TopErrorKind.Unrecognized, ex.Kind);
        Assert.Equal(530, ex.Code);
        Assert.Null(ex.RequestId);
        Assert.Equal(3, gateway.Calls.Count);
    }

    [Fact]
    public async Task An_expired_session_stops_with_the_re_authorize_message_and_is_not_retried()
    {
        await using var gateway = new ScriptedGateway((_, _) => ScriptedReply.Json(Replies.SessionExpired));
        using var top = new ScriptedClient(gateway.Url);

        var ex = await Assert.ThrowsAsync<TopException>(() => top.Client.GetSoldTidsAsync(top.Session, Window, CancellationToken.None));

        Assert.Equal(TopErrorKind.SessionInvalid, ex.Kind);
        Assert.Contains("re-authorize", ex.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCode.NoPermission, ex.ToExitCode());
        Assert.Single(gateway.Calls);
        Assert.Contains(top.Log.Lines, l => l.EventId.Id == 4006 && l.Message.Contains("re-authorize", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public async Task Missing_permission_is_not_retried(int code)
    {
        await using var gateway = new ScriptedGateway((_, _) => ScriptedReply.Json(Replies.Error(code, "Insufficient ISV Permissions", "isv.permission-api-package-limit")));
        using var top = new ScriptedClient(gateway.Url);

        var ex = await Assert.ThrowsAsync<TopException>(() => top.Client.PermitTmcUserAsync(top.Session, null, CancellationToken.None));

        Assert.Equal(TopErrorKind.Permission, ex.Kind);
        Assert.Single(gateway.Calls);
    }

    [Fact]
    public async Task A_short_ban_is_waited_out_at_the_gate_and_the_call_then_succeeds()
    {
        await using var gateway = new ScriptedGateway((_, n) => n == 1
            ? ScriptedReply.Json(Replies.Error(7, "App Call Limited", "accesscontrol.limited-by-api-access-count", "This ban will last for 1 more seconds"))
            : ScriptedReply.Json(Replies.Time));
        using var top = new ScriptedClient(gateway.Url);

        var time = await top.Client.GetTimeAsync(CancellationToken.None);

        Assert.Equal(Instant.FromUtc(2026, 11, 11, 16, 10, 5), time.Time);
        Assert.Equal(2, gateway.Calls.Count);
        var counts = top.Counters.Snapshot();
        Assert.Equal(1, counts.Bans);
        Assert.Equal(1, counts.Count("taobao.time.get", TopCallOutcome.CallLimited));
        Assert.Contains(top.Log.Lines, l => l.EventId.Id == 4004);
    }

    [Fact]
    public async Task A_ban_holds_every_concurrent_caller_and_no_call_reaches_the_gateway_until_it_ends()
    {
        long banStart = 0;
        var arrivals = new System.Collections.Concurrent.ConcurrentQueue<long>();
        await using var gateway = new ScriptedGateway((_, n) =>
        {
            if (n == 1)
            {
                banStart = TimeProvider.System.GetTimestamp();
                return ScriptedReply.Json(Replies.Error(7, "App Call Limited", "accesscontrol.limited-by-api-access-count",
                    "This ban will last for 1 more seconds"));
            }
            arrivals.Enqueue(TimeProvider.System.GetTimestamp());
            return ScriptedReply.Json(Replies.Time);
        });
        using var top = new ScriptedClient(gateway.Url);

        var first = top.Client.GetTimeAsync(CancellationToken.None);
        while (!top.Gate.IsClosed && !first.IsCompleted) await Task.Yield();
        var others = Enumerable.Range(0, 16).Select(_ => top.Client.GetTimeAsync(CancellationToken.None)).ToArray();
        await Task.WhenAll(others.Append(first)).WaitAsync(Patience);

        Assert.Equal(17, arrivals.Count);
        Assert.All(arrivals, at => Assert.True(TimeProvider.System.GetElapsedTime(banStart, at) >= TimeSpan.FromSeconds(1),
            "a call reached the gateway during the ban"));
        Assert.Equal(1, top.Counters.Snapshot().Count(TopCallOutcome.CallLimited));
    }

    [Fact]
    public async Task The_daily_quota_stops_every_caller_with_quota_exhausted_and_no_further_call_is_sent()
    {
        await using var gateway = new ScriptedGateway((_, _) => ScriptedReply.Json(Replies.Error(7, "App Call Limited",
            "accesscontrol.limited-by-app-access-count", "This ban will last for 30000 more seconds")));
        using var top = new ScriptedClient(gateway.Url);

        var first = await Assert.ThrowsAsync<TopQuotaExhaustedException>(() => top.Client.GetTimeAsync(CancellationToken.None));
        var second = await Assert.ThrowsAsync<TopQuotaExhaustedException>(() =>
            top.Client.GetFullInfoAsync(top.Session, 1, TradeFields.FullInfo, CancellationToken.None));

        Assert.Equal(TopBanScope.AppQuota, first.BanScope);
        Assert.Equal(TimeSpan.FromSeconds(30000), first.BanLength);
        Assert.Equal(ExitCode.TemporaryFailure, second.ToExitCode());
        Assert.Single(gateway.Calls);
    }

    [Fact]
    public async Task A_callers_cancellation_is_not_retried()
    {
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource<ScriptedReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var gateway = new ScriptedGateway((_, _) =>
        {
            held.TrySetResult();
            return release.Task;
        });
        using var top = new ScriptedClient(gateway.Url);
        using var cancel = new CancellationTokenSource();

        var call = top.Client.GetTimeAsync(cancel.Token);
        await held.Task.WaitAsync(Patience);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(Patience));
        release.SetResult(ScriptedReply.Json(Replies.Time));
        Assert.Single(gateway.Calls);
        Assert.Equal(1, top.Counters.Snapshot().Count("taobao.time.get", TopCallOutcome.Cancelled));
        Assert.Equal(0, top.Counters.Snapshot().Retries);
    }

    [Fact]
    public async Task A_call_without_answer_times_out_as_transient_and_is_retried()
    {
        var never = new TaskCompletionSource<ScriptedReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var gateway = new ScriptedGateway((_, n) => n == 1 ? never.Task : Task.FromResult(ScriptedReply.Json(Replies.Time)));
        using var top = new ScriptedClient(gateway.Url, o => o.CallTimeout = TimeSpan.FromMilliseconds(300));

        var time = await top.Client.GetTimeAsync(CancellationToken.None).WaitAsync(Patience);

        Assert.Equal(Instant.FromUtc(2026, 11, 11, 16, 10, 5), time.Time);
        Assert.Equal(2, gateway.Calls.Count);
        never.SetResult(ScriptedReply.Json(Replies.Time));
    }

    [Fact]
    public async Task An_open_breaker_holds_the_call_back_until_the_gateway_answers_again_instead_of_failing_it()
    {
        // The seed's breaker opens at 5% failures; at the Double 11 peak an isp storm crosses that for minutes. A call that
        // met the open breaker and failed at once stopped the run (exit 69) on every restart: the sync made no progress.
        var calls = 0;
        await using var gateway = new ScriptedGateway((_, _) => Interlocked.Increment(ref calls) <= 4
            ? ScriptedReply.Json(Replies.IspTimeout)
            : ScriptedReply.Json(Replies.Time));
        using var top = new ScriptedClient(gateway.Url, o =>
        {
            o.MaxAttempts = 1;
            o.BreakerMinimumThroughput = 4;
            o.BreakerBreakDuration = TimeSpan.FromMilliseconds(500);
        });

        for (var i = 0; i < 4; i++)
            await Assert.ThrowsAsync<TopException>(() => top.Client.GetTimeAsync(CancellationToken.None));
        var time = await top.Client.GetTimeAsync(CancellationToken.None).WaitAsync(Patience);

        Assert.Equal(Instant.FromUtc(2026, 11, 11, 16, 10, 5), time.Time);
        Assert.Equal(5, gateway.Calls.Count);
        Assert.Equal(1, top.Counters.Snapshot().BreakerOpenings);
        Assert.Contains(top.Log.Lines, l => l.EventId.Id == 4008);
    }

    [Fact]
    public async Task A_breaker_that_stays_open_past_its_patience_fails_the_call_as_transient_and_holds_calls_back_meanwhile()
    {
        await using var gateway = new ScriptedGateway((_, _) => ScriptedReply.Json(Replies.IspTimeout));
        using var top = new ScriptedClient(gateway.Url, o =>
        {
            o.MaxAttempts = 2;
            o.BreakerMinimumThroughput = 4;
            o.BreakerBreakDuration = TimeSpan.FromMilliseconds(500);
            o.BreakerPatience = TimeSpan.FromSeconds(1);
        });

        for (var i = 0; i < 2; i++)
            await Assert.ThrowsAsync<TopException>(() => top.Client.GetTimeAsync(CancellationToken.None));
        var held = await Assert.ThrowsAsync<TopException>(() => top.Client.GetTimeAsync(CancellationToken.None)).WaitAsync(Patience);

        Assert.Equal(TopErrorKind.Transient, held.Kind);
        Assert.Contains("Circuit open", held.Message, StringComparison.Ordinal);
        // Two calls of two attempts opened it; while open, only the breaker's probes (one per break, about two in the second of
        // patience) went out, each retried into the open breaker again.
        Assert.InRange(gateway.Calls.Count, 5, 8);
        Assert.True(top.Counters.Snapshot().BreakerOpenings >= 1);
    }

    [Fact]
    public async Task Messages_are_consumed_and_confirmed_by_id()
    {
        await using var gateway = new ScriptedGateway((call, _) => call.ApiMethod switch
        {
            "taobao.tmc.messages.consume" => ScriptedReply.Json("""{"tmc_messages_consume_response":{"messages":{"tmc_message":[{"id":1234567890123456789,"topic":"taobao_trade_TradeCreate","content":"{\"tid\":1}","pub_time":"2026-11-11 00:00:00","pub_app_key":"12345678","user_id":1,"user_nick":"n"}]}}}"""),
            _ => ScriptedReply.Json("""{"tmc_messages_confirm_response":{"is_success":true}}"""),
        });
        using var top = new ScriptedClient(gateway.Url);

        var messages = await top.Client.ConsumeMessagesAsync("default", 100, CancellationToken.None);
        var confirmed = await top.Client.ConfirmMessagesAsync(messages.Select(m => m.Id).ToArray(), "default", CancellationToken.None);

        Assert.Equal(1234567890123456789L, Assert.Single(messages).Id);
        Assert.True(confirmed);
        var confirm = gateway.Calls.Last();
        Assert.Equal("1234567890123456789", confirm.Form["s_message_ids"]);
        Assert.DoesNotContain("session", confirm.Query.Keys);
    }
}
