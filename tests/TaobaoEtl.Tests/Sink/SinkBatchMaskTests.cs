using NodaTime;
using TaobaoEtl.Configuration;
using TaobaoEtl.Flow;
using TaobaoEtl.Normalize;
using TaobaoEtl.Sink;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Tests.Sink;

/// <summary>Every text of a batch that people read is masked before the sink stores it; the raw input is kept as received.</summary>
public sealed class SinkBatchMaskTests
{
    private const string Secret = "s3cr3t-session-value";
    private static readonly SecretRedactor Redactor = SecretRedactor.FromSettings([new("Shops:0:Session", Secret)]);
    private static readonly Instant At = Instant.FromUtc(2026, 11, 11, 0, 0);

    [Fact]
    public void Quarantine_reasons_dead_letter_texts_and_owed_errors_are_masked_and_the_raw_text_is_not()
    {
        var batch = new SinkBatch
        {
            Quarantine = [new Rejection("1", Rejection.TradeSource, 7, $"buyer_nick: '{Secret}' is too long", $"{{\"buyer_nick\":\"{Secret}\"}}")],
            DeadLetters = [DeadLetter.ForTrade("1", 7, "taobao.trade.fullinfo.get", At) with
            {
                Code = 15, SubCode = "isv." + Secret, SubMsg = "refused " + Secret, RequestId = "r-" + Secret,
            }],
            Owed = [new OwedTrade("1", 7, OwedCause.DeadLetter, "code 15 " + Secret, At)],
        };

        var masked = batch.MaskedBy(Redactor);

        Assert.Equal("buyer_nick: '***' is too long", masked.Quarantine[0].Reason);
        Assert.Contains(Secret, masked.Quarantine[0].RawText, StringComparison.Ordinal);
        Assert.Equal(("isv.***", "refused ***", "r-***"), (masked.DeadLetters[0].SubCode, masked.DeadLetters[0].SubMsg, masked.DeadLetters[0].RequestId));
        Assert.Equal("code 15 ***", masked.Owed[0].LastError);
    }

    [Fact]
    public void An_owed_refund_keeps_its_stream_and_refund_id_when_masked()
    {
        var batch = new SinkBatch { Owed = [OwedTrade.ForRefund("1", 9, OwedCause.DeadLetter, "code 15 " + Secret, At)] };

        var owed = Assert.Single(batch.MaskedBy(Redactor).Owed);

        Assert.Equal((SyncStream.Refund, 9L, "code 15 ***"), (owed.Stream, owed.Tid, owed.LastError));
        Assert.Equal(SyncStream.Trade, new OwedTrade("1", 9, OwedCause.DeadLetter, "code 15", At).Stream);
    }

    [Fact]
    public void The_run_message_is_masked()
    {
        Assert.Equal("InvalidOperationException: Password=***", RunMessage.Of(new InvalidOperationException("Password=" + Secret), [], null, Redactor));
    }
}
