using System.Text;
using TaobaoEtl.Normalize;

namespace TaobaoEtl.Tests.Normalize;

public sealed class TradeEnvelopeTests
{
    [Theory]
    [InlineData("fullinfo_step_trade.json")]
    [InlineData("jdp_response_string.json")]
    public void Fullinfo_envelope_and_its_jdp_response_string_give_the_same_trade(string fixture)
    {
        Assert.True(TradeEnvelope.TryExtract(Fixture.Bytes(fixture), out var trade, out var error), error);
        Assert.Equal(2981234567890123L, TradeNormalizer.Normalize(trade.Span, "s", Fixture.FetchedAt).Value.Tid);
    }

    [Theory]
    [InlineData("{\"trade\":{\"tid\":1}}")]
    [InlineData("{\"jdp_response\":{\"trade_fullinfo_get_response\":{\"trade\":{\"tid\":1}}}}")]
    [InlineData("{\"tid\":9,\"jdp_response\":\"{\\\"trade_fullinfo_get_response\\\":{\\\"request_id\\\":\\\"x\\\",\\\"trade\\\":{\\\"tid\\\":1}}}\"}")]
    public void Every_accepted_shape_yields_the_trade_object_text(string input)
    {
        Assert.True(TradeEnvelope.TryExtract(Encoding.UTF8.GetBytes(input), out var trade, out var error), error);
        Assert.Equal("{\"tid\":1}", Encoding.UTF8.GetString(trade.Span));
    }

    [Theory]
    [InlineData("{\"error_response\":{\"code\":15,\"sub_code\":\"isv.trade-not-exist\",\"sub_msg\":\"交易订单不存在\"}}", "code 15 isv.trade-not-exist 交易订单不存在")]
    [InlineData("{\"trade_fullinfo_get_response\":{\"request_id\":\"x\"}}", "holds no 'trade'")]
    [InlineData("{\"trade\":[1]}", "'trade' is not an object")]
    [InlineData("{\"other\":1}", "no trade found")]
    [InlineData("[]", "expected a JSON object")]
    [InlineData("{", "not valid JSON")]
    [InlineData("", "the input is empty")]
    public void Input_without_a_trade_is_refused_with_a_reason(string input, string reason)
    {
        Assert.False(TradeEnvelope.TryExtract(Encoding.UTF8.GetBytes(input), out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
