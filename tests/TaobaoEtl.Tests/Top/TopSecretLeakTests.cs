using NodaTime;
using TaobaoEtl.Top;

namespace TaobaoEtl.Tests.Top;

public sealed class TopSecretLeakTests
{
    [Fact]
    public async Task Neither_the_app_secret_nor_the_session_reaches_a_log_line_at_any_level_or_an_exception_text()
    {
        // The platform echoes what it was sent in some texts: the worst case is a sub_msg quoting both secrets.
        var echo = $"bad value {ScriptedClient.SessionValue} for {ScriptedClient.AppSecret}";
        var script = new Queue<ScriptedReply>(
        [
            ScriptedReply.Json(Replies.Error(15, "Remote service error", "isv.invalid-parameter:session", echo)),
            ScriptedReply.Json(Replies.Error(27, "Invalid session:" + ScriptedClient.SessionValue, "invalid-sessionkey", echo)),
            ScriptedReply.Json(Replies.Error(11, "Insufficient ISV Permissions", "isv.permission-denied", echo)),
            ScriptedReply.Json(Replies.Error(15, "Remote service error", "isp.unknown-error", echo)),
            ScriptedReply.Json(Replies.Error(15, "Remote service error", "isp.unknown-error", echo)),
            ScriptedReply.Json(Replies.Error(15, "Remote service error", "isp.unknown-error", echo)),
            new ScriptedReply(502, echo),
            new ScriptedReply(404, echo),
            ScriptedReply.Json("{\"not json " + echo),
            ScriptedReply.Dropped(),
            ScriptedReply.Json(Replies.Error(7, "App Call Limited", "accesscontrol.limited-by-app-access-count",
                "This ban will last for 90000 more seconds " + echo)),
        ]);
        await using var gateway = new ScriptedGateway((_, _) =>
        {
            lock (script) return script.Count > 0 ? script.Dequeue() : ScriptedReply.Json(Replies.FullInfo);
        });
        using var top = new ScriptedClient(gateway.Url, o => o.MaxAttempts = 3);

        var texts = new List<string> { top.Session.ToString()!, top.Client.ToString(), top.Options.ToString()! };
        var window = new IncrementTradesQuery(Instant.FromUtc(2026, 11, 11, 0, 0), Instant.FromUtc(2026, 11, 11, 0, 30));
        for (var i = 0; i < 9; i++)
        {
            try
            {
                await top.Client.GetIncrementTidsAsync(top.Session, window, CancellationToken.None);
            }
            catch (TopException ex)
            {
                texts.Add(ex.ToString());
                texts.Add(ex.Message);
                texts.Add(ex.SubMsg ?? "");
                texts.Add(ex.Msg ?? "");
            }
        }

        var all = string.Join("\n", texts) + "\n" + top.Log.AllText();
        Assert.True(top.Log.Lines.Count >= 8, "the scenarios must have produced log lines to check");
        Assert.Contains(texts, t => t.Contains("quota", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("re-authorize", StringComparison.Ordinal));
        Assert.DoesNotContain(ScriptedClient.AppSecret, all, StringComparison.Ordinal);
        Assert.DoesNotContain(ScriptedClient.SessionValue, all, StringComparison.Ordinal);
        // The secrets did go over the wire (session in the query), so their absence above is the redaction's doing.
        Assert.Contains(gateway.Calls, c => c.Query.GetValueOrDefault("session") == ScriptedClient.SessionValue);
    }

    public static TheoryData<string> EchoingBadBodies => new() { "html", "truncated", "wrong-tid", "no-envelope" };

    [Theory]
    [MemberData(nameof(EchoingBadBodies))]
    public async Task A_refused_answer_keeps_its_raw_body_for_quarantine_with_the_secrets_redacted(string kind)
    {
        var echo = $"bad value {ScriptedClient.SessionValue} for {ScriptedClient.AppSecret}";
        var body = kind switch
        {
            "html" => $"<html><body>proxy error: {echo}</body></html>",
            "truncated" => "{\"trade_fullinfo_get_response\":{\"trade\":{\"tid\":7,\"seller_memo\":\"" + echo,
            "wrong-tid" => "{\"trade_fullinfo_get_response\":{\"trade\":{\"tid\":8,\"seller_memo\":\"" + echo + "\"}}}",
            "no-envelope" => "{\"note\":\"" + echo + "\"}",
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        await using var gateway = new ScriptedGateway((_, _) => ScriptedReply.Json(body));
        using var top = new ScriptedClient(gateway.Url, o => o.MaxAttempts = 2);

        var ex = await Assert.ThrowsAsync<TopMalformedAnswerException>(() =>
            top.Client.GetFullInfoAsync(top.Session, 7, TradeFields.FullInfo, CancellationToken.None));

        var all = string.Join("\n", ex.RawBody, ex.Reason, ex.Message, ex.ToString()) + "\n" + top.Log.AllText();
        Assert.DoesNotContain(ScriptedClient.AppSecret, all, StringComparison.Ordinal);
        Assert.DoesNotContain(ScriptedClient.SessionValue, all, StringComparison.Ordinal);
        // Not vacuous: the body is kept (only the secrets are masked) and it did carry both secrets.
        Assert.Equal(body.Replace(ScriptedClient.AppSecret, "***", StringComparison.Ordinal)
            .Replace(ScriptedClient.SessionValue, "***", StringComparison.Ordinal), ex.RawBody);
        Assert.Contains("bad value *** for ***", ex.RawBody, StringComparison.Ordinal);
        Assert.Contains(top.Log.Lines, l => l.EventId.Id == 4012);
    }
}
