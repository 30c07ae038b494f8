using Microsoft.Extensions.Logging;
using NodaTime;
using TaobaoEtl.Top;

namespace TaobaoEtl.Tests.Top;

/// <summary>
/// Answers a hostile gateway gives (issue 15, "Bad answers from the gateway"): none may become a row under the wrong
/// tid, a version from the future, a retry loop that never ends, or a caller error of one trade.
/// </summary>
public sealed class TopBadAnswerTests
{
    private const long AskedTid = 4242;
    private const int Attempts = 4; // ScriptedClient's Top:MaxAttempts

    private static IncrementTradesQuery Slice => new(Instant.FromUtc(2026, 11, 11, 0, 0), Instant.FromUtc(2026, 11, 11, 0, 30));

    private static string FullInfo(string tid, string modified) =>
        "{\"trade_fullinfo_get_response\":{\"trade\":{\"tid\":" + tid + ",\"modified\":\"" + modified + "\",\"payment\":\"1.00\"},\"request_id\":\"f9\"}}";

    [Fact]
    public async Task A_fullinfo_answer_for_another_tid_is_refused_after_the_retries_and_names_both_tids()
    {
        var body = FullInfo("163288460521882636", "2026-11-11 20:30:00");
        await using var gateway = new ScriptedGateway((_, _) => ScriptedReply.Json(body));
        using var top = new ScriptedClient(gateway.Url);

        var ex = await Assert.ThrowsAsync<TopMalformedAnswerException>(() =>
            top.Client.GetFullInfoAsync(top.Session, AskedTid, TradeFields.FullInfo, CancellationToken.None));

        Assert.Equal(TopErrorKind.MalformedAnswer, ex.Kind);
        Assert.Equal(AskedTid, ex.AskedTid);
        Assert.Contains("4242", ex.Reason, StringComparison.Ordinal);
        Assert.Contains("163288460521882636", ex.Reason, StringComparison.Ordinal);
        Assert.Equal(body, ex.RawBody);
        Assert.Equal(Attempts, gateway.Calls.Count);
        Assert.Equal(Attempts, top.Counters.Snapshot().Count("taobao.trade.fullinfo.get", TopCallOutcome.MalformedAnswer));
    }

    [Theory]
    [InlineData("88776655443322110", "2026-11-11 20:30:00", "refund_id 88776655443322110 for refund_id 4242")]
    [InlineData("4242", "2099-01-01 00:00:00", "2099-01-01 00:00:00")]
    public async Task A_refund_answer_for_another_refund_or_from_the_future_is_refused_like_a_trades(string refundId, string modified, string named)
    {
        var body = "{\"refund_get_response\":{\"refund\":{\"refund_id\":" + refundId + ",\"modified\":\"" + modified + "\",\"refund_fee\":\"1.00\"},\"request_id\":\"r9\"}}";
        await using var gateway = new ScriptedGateway((_, _) => ScriptedReply.Json(body));
        using var top = new ScriptedClient(gateway.Url);

        var ex = await Assert.ThrowsAsync<TopMalformedAnswerException>(() =>
            top.Client.GetRefundAsync(top.Session, AskedTid, TradeFields.Refund, CancellationToken.None));

        Assert.Contains(named, ex.Reason, StringComparison.Ordinal);
        Assert.Equal(body, ex.RawBody);
        Assert.Equal(Attempts, gateway.Calls.Count);
    }

    [Fact]
    public async Task A_refund_answer_is_returned_as_the_raw_object_the_platform_sent()
    {
        const string refund = """{"refund_id":"4242","tid":163288460521882636,"modified":"2026-11-11 20:30:00","refund_fee":"13.80","x_unknown":[1,{"a":null}]}""";
        await using var gateway = new ScriptedGateway((_, _) => ScriptedReply.Json("{\"refund_get_response\":{\"refund\":" + refund + "}}"));
        using var top = new ScriptedClient(gateway.Url);

        var answer = await top.Client.GetRefundAsync(top.Session, AskedTid, TradeFields.Refund, CancellationToken.None);

        Assert.Equal(refund, System.Text.Encoding.UTF8.GetString(answer.RefundJson.Span));
        Assert.Equal((AskedTid, (Instant?)Instant.FromUtc(2026, 11, 11, 12, 30)), (answer.RefundId, answer.Modified));
    }

    [Fact]
    public async Task A_fullinfo_answer_without_a_tid_is_refused_because_nothing_proves_it_is_the_asked_trade()
    {
        await using var gateway = new ScriptedGateway((_, _) => ScriptedReply.Json(
            """{"trade_fullinfo_get_response":{"trade":{"modified":"2026-11-11 20:30:00"},"request_id":"f9"}}"""));
        using var top = new ScriptedClient(gateway.Url);

        var ex = await Assert.ThrowsAsync<TopMalformedAnswerException>(() =>
            top.Client.GetFullInfoAsync(top.Session, AskedTid, TradeFields.FullInfo, CancellationToken.None));

        Assert.Equal(AskedTid, ex.AskedTid);
        Assert.Contains("tid", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fullinfo_answer_whose_modified_lies_in_the_future_is_refused_so_it_can_never_win_an_upsert()
    {
        // Date: 2026-11-12 00:00:05 GMT+8; a modified of 2099 would beat every later real version.
        var body = FullInfo(AskedTid.ToString(System.Globalization.CultureInfo.InvariantCulture), "2099-01-01 00:00:00");
        await using var gateway = new ScriptedGateway((_, _) => ScriptedReply.Json(body));
        using var top = new ScriptedClient(gateway.Url);

        var ex = await Assert.ThrowsAsync<TopMalformedAnswerException>(() =>
            top.Client.GetFullInfoAsync(top.Session, AskedTid, TradeFields.FullInfo, CancellationToken.None));

        Assert.Equal(AskedTid, ex.AskedTid);
        Assert.Contains("2099-01-01 00:00:00", ex.Reason, StringComparison.Ordinal);
        Assert.Equal(body, ex.RawBody);
        Assert.Equal(Attempts, gateway.Calls.Count);
    }

    [Fact]
    public async Task A_modified_a_little_ahead_of_the_answers_date_is_accepted_because_clocks_differ_by_seconds()
    {
        // Date 2026-11-12 00:00:05 GMT+8; modified a minute later (the margin's edge) is taken as clock skew between the
        // trade service and the gateway.
        await using var gateway = new ScriptedGateway((_, _) => ScriptedReply.Json(FullInfo("4242", "2026-11-12 00:01:05")));
        using var top = new ScriptedClient(gateway.Url);

        var copy = await top.Client.GetFullInfoAsync(top.Session, AskedTid, TradeFields.FullInfo, CancellationToken.None);

        Assert.Equal(AskedTid, copy.Tid);
    }

    public static TheoryData<string, string> MalformedBodies => new()
    {
        { "truncated", Replies.FullInfo[..40] },
        { "html", "<html><body>502 Bad Gateway</body></html>" },
        { "empty-envelope", "{}" },
        { "trade-not-an-object", """{"trade_fullinfo_get_response":{"trade":"oops","request_id":"f9"}}""" },
        { "no-trade", """{"trade_fullinfo_get_response":{"request_id":"f9"}}""" },
        { "tid-not-a-number", """{"trade_fullinfo_get_response":{"trade":{"tid":"abc","modified":"2026-11-11 20:30:00"}}}""" },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task A_body_malformed_every_time_ends_after_the_bounded_retries_with_the_raw_body_and_the_asked_tid(string kind, string body)
    {
        await using var gateway = new ScriptedGateway((_, _) => ScriptedReply.Json(body));
        using var top = new ScriptedClient(gateway.Url);

        var ex = await Assert.ThrowsAsync<TopMalformedAnswerException>(() =>
            top.Client.GetFullInfoAsync(top.Session, AskedTid, TradeFields.FullInfo, CancellationToken.None));

        Assert.Equal(TopErrorKind.MalformedAnswer, ex.Kind);
        Assert.Equal(body, ex.RawBody);
        Assert.Equal(AskedTid, ex.AskedTid);
        Assert.False(string.IsNullOrWhiteSpace(ex.Reason), kind);
        Assert.Equal(ExitCode.Unavailable, ex.ToExitCode());
        Assert.Equal(Attempts, gateway.Calls.Count);
    }

    [Fact]
    public async Task A_malformed_body_larger_than_the_cap_is_kept_cut_to_the_cap_with_the_asked_tid()
    {
        const int cap = 1 << 20;
        var body = "<html>" + new string('x', 3 * cap) + "</html>";
        await using var gateway = new ScriptedGateway((_, _) => ScriptedReply.Json(body));
        using var top = new ScriptedClient(gateway.Url);

        var ex = await Assert.ThrowsAsync<TopMalformedAnswerException>(() =>
            top.Client.GetFullInfoAsync(top.Session, AskedTid, TradeFields.FullInfo, CancellationToken.None));

        Assert.StartsWith(body[..cap], ex.RawBody, StringComparison.Ordinal);
        Assert.EndsWith($"…(cut: {body.Length} bytes in all)", ex.RawBody, StringComparison.Ordinal);
        Assert.Equal(AskedTid, ex.AskedTid);
    }

    [Fact]
    public async Task A_list_page_malformed_every_time_ends_with_the_raw_body_and_no_tid()
    {
        const string body = "<html>maintenance</html>";
        await using var gateway = new ScriptedGateway((_, _) => ScriptedReply.Json(body));
        using var top = new ScriptedClient(gateway.Url);

        var ex = await Assert.ThrowsAsync<TopMalformedAnswerException>(() =>
            top.Client.GetIncrementTidsAsync(top.Session, Slice, CancellationToken.None));

        Assert.Equal(body, ex.RawBody);
        Assert.Null(ex.AskedTid);
        Assert.Equal("taobao.trades.sold.increment.get", ex.Method);
        Assert.Equal(Attempts, gateway.Calls.Count);
    }

    [Fact]
    public async Task A_body_malformed_once_is_retried_and_the_call_succeeds()
    {
        await using var gateway = new ScriptedGateway((_, n) => n == 1 ? ScriptedReply.Json("<html/>") : ScriptedReply.Json(Replies.FullInfo));
        using var top = new ScriptedClient(gateway.Url);

        var copy = await top.Client.GetFullInfoAsync(top.Session, 163288460521882636, TradeFields.FullInfo, CancellationToken.None);

        Assert.Equal(163288460521882636L, copy.Tid);
        var counts = top.Counters.Snapshot();
        Assert.Equal(1, counts.Count("taobao.trade.fullinfo.get", TopCallOutcome.MalformedAnswer));
        Assert.Equal(1, counts.Count("taobao.trade.fullinfo.get", TopCallOutcome.Success));
        Assert.Contains(top.Log.Lines, l => l.EventId.Id == 4012);
    }

    [Fact]
    public async Task An_unknown_code_without_a_sub_code_on_time_get_is_unrecognized_retried_bounded_and_exits_69()
    {
        await using var gateway = new ScriptedGateway((_, _) => ScriptedReply.Json(Replies.Error(999, "Unknown failure", requestId: null)));
        using var top = new ScriptedClient(gateway.Url);

        var ex = await Assert.ThrowsAsync<TopException>(() => top.Client.GetTimeAsync(CancellationToken.None));

        Assert.Equal(TopErrorKind.Unrecognized, ex.Kind);
        Assert.Equal(999, ex.Code);
        Assert.Equal(ExitCode.Unavailable, ex.ToExitCode());
        Assert.Equal(Attempts, gateway.Calls.Count);
        Assert.Contains(top.Log.Lines, l => l.EventId.Id == 4011 && l.Message.Contains("999", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_code_once_is_retried_and_the_call_succeeds()
    {
        await using var gateway = new ScriptedGateway((_, n) => n == 1 ? ScriptedReply.Json(Replies.Error(999, "Unknown failure")) : ScriptedReply.Json(Replies.Time));
        using var top = new ScriptedClient(gateway.Url);

        var time = await top.Client.GetTimeAsync(CancellationToken.None);

        Assert.Equal(Instant.FromUtc(2026, 11, 11, 16, 10, 5), time.Time);
        Assert.Equal(2, gateway.Calls.Count);
    }

    [Theory]
    [InlineData(404)]
    [InlineData(400)]
    [InlineData(403)]
    public async Task An_http_refusal_stops_the_run_naming_the_status_and_the_gateway_setting_never_a_caller_error_of_one_trade(int status)
    {
        await using var gateway = new ScriptedGateway((_, _) => new ScriptedReply(status, "<html>Not Found</html>"));
        using var top = new ScriptedClient(gateway.Url);

        var ex = await Assert.ThrowsAsync<TopException>(() =>
            top.Client.GetFullInfoAsync(top.Session, AskedTid, TradeFields.FullInfo, CancellationToken.None));

        Assert.NotEqual(TopErrorKind.CallerError, ex.Kind);
        Assert.Equal(status, ex.HttpStatus);
        Assert.Equal(ExitCode.Config, ex.ToExitCode());
        Assert.Contains($"HTTP {status}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Top:GatewayUrl", ex.Message, StringComparison.Ordinal);
        Assert.Single(gateway.Calls);
        Assert.Contains(top.Log.Lines, l => l.EventId.Id == 4013 && l.Level == LogLevel.Error
                                            && l.Message.Contains("Top:GatewayUrl", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_gateway_refusal_line_names_the_url_without_its_user_info_or_query()
    {
        await using var gateway = new ScriptedGateway((_, _) => new ScriptedReply(404, ""));
        var url = gateway.Url.Replace("http://", "http://proxyuser:proxy-pass-123@", StringComparison.Ordinal) + "?x=secret-q";
        using var top = new ScriptedClient(url);

        await Assert.ThrowsAsync<TopException>(() => top.Client.GetTimeAsync(CancellationToken.None));

        var line = Assert.Single(top.Log.Lines, l => l.EventId.Id == 4013);
        Assert.Contains("/router/rest", line.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("proxy-pass-123", top.Log.AllText(), StringComparison.Ordinal);
        Assert.DoesNotContain("secret-q", top.Log.AllText(), StringComparison.Ordinal);
        Assert.DoesNotContain("proxy-pass-123", top.Client.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(408)]
    [InlineData(429)]
    public async Task A_request_timeout_or_too_many_requests_at_the_http_level_is_transient(int status)
    {
        await using var gateway = new ScriptedGateway((_, n) => n == 1 ? new ScriptedReply(status, "") : ScriptedReply.Json(Replies.Time));
        using var top = new ScriptedClient(gateway.Url);

        await top.Client.GetTimeAsync(CancellationToken.None);

        Assert.Equal(2, gateway.Calls.Count);
    }

    [Fact]
    public async Task A_wrong_app_secret_is_bad_credentials_not_retried_exits_78_and_is_logged_naming_the_keys_not_their_values()
    {
        await using var gateway = new ScriptedGateway((_, _) => ScriptedReply.Json(Replies.Error(25, "Invalid signature", requestId: "e25")));
        using var top = new ScriptedClient(gateway.Url);

        var ex = await Assert.ThrowsAsync<TopException>(() => top.Client.GetTimeAsync(CancellationToken.None));

        Assert.Equal(TopErrorKind.BadCredentials, ex.Kind);
        Assert.Equal(ExitCode.Config, ex.ToExitCode());
        Assert.Single(gateway.Calls);
        var line = Assert.Single(top.Log.Lines, l => l.EventId.Id == 4010);
        Assert.Equal(LogLevel.Error, line.Level);
        Assert.Contains("Top:AppSecret", line.Message, StringComparison.Ordinal);
        Assert.Contains("Top:AppKey", line.Message, StringComparison.Ordinal);
        Assert.Contains("Invalid signature", line.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ScriptedClient.AppSecret, top.Log.AllText(), StringComparison.Ordinal);
        Assert.DoesNotContain(ScriptedClient.AppSecret, ex.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(40, "Missing required arguments:tid")]
    [InlineData(41, "Invalid arguments:start_created")]
    public async Task Codes_40_and_41_without_sub_code_or_request_id_are_caller_errors_not_retried(int code, string msg)
    {
        await using var gateway = new ScriptedGateway((_, _) => ScriptedReply.Json(Replies.Error(code, msg, requestId: null)));
        using var top = new ScriptedClient(gateway.Url);

        var ex = await Assert.ThrowsAsync<TopException>(() => top.Client.GetIncrementTidsAsync(top.Session, Slice, CancellationToken.None));

        Assert.Equal(TopErrorKind.CallerError, ex.Kind);
        Assert.Equal(code, ex.Code);
        Assert.Null(ex.SubCode);
        Assert.Null(ex.RequestId);
        Assert.Equal(msg, ex.Msg);
        Assert.Single(gateway.Calls);
        var line = Assert.Single(top.Log.Lines, l => l.EventId.Id == 4001);
        Assert.Contains(msg, line.Message, StringComparison.Ordinal);
        Assert.Contains("start_modified=", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_session_without_sub_code_sub_msg_or_request_id_is_session_invalid()
    {
        await using var gateway = new ScriptedGateway((_, _) => ScriptedReply.Json(Replies.Error(27, "Invalid session:session-expired", requestId: null)));
        using var top = new ScriptedClient(gateway.Url);

        var ex = await Assert.ThrowsAsync<TopException>(() => top.Client.GetIncrementTidsAsync(top.Session, Slice, CancellationToken.None));

        Assert.Equal(TopErrorKind.SessionInvalid, ex.Kind);
        Assert.Equal(ExitCode.NoPermission, ex.ToExitCode());
        Assert.Contains("session-expired", ex.Message, StringComparison.Ordinal);
        Assert.Single(gateway.Calls);
    }

    [Fact]
    public async Task The_overload_answer_is_logged_as_a_throttle_and_not_retried_by_the_client()
    {
        // The pager pauses the seller's listing and shortens the window (Flow/); the client must not hammer it.
        await using var gateway = new ScriptedGateway((_, _) => ScriptedReply.Json(Replies.Error(520, "Remote service error",
            "isv.trade-service-rejection", "超时请求过多，请将查询时间间隔缩短,3分钟后再查询！")));
        using var top = new ScriptedClient(gateway.Url);

        var ex = await Assert.ThrowsAsync<TopException>(() => top.Client.GetIncrementTidsAsync(top.Session, Slice, CancellationToken.None));

        Assert.Equal(TopErrorKind.Overloaded, ex.Kind);
        Assert.Single(gateway.Calls);
        Assert.Contains(top.Log.Lines, l => l.EventId.Id == 4014 && l.Level == LogLevel.Warning);
    }
}
