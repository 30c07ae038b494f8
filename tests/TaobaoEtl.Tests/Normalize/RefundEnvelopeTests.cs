using System.Text;
using TaobaoEtl.Normalize;

namespace TaobaoEtl.Tests.Normalize;

public sealed class RefundEnvelopeTests
{
    [Fact]
    public void Every_refund_of_a_receive_page_is_returned_as_written()
    {
        var page = "{\"refunds_receive_get_response\":{\"refunds\":{\"refund\":[{\"refund_id\":1},{\"refund_id\":\"2\"}]},\"total_results\":2,\"request_id\":\"x\"}}";
        Assert.True(RefundEnvelope.TryExtract(Encoding.UTF8.GetBytes(page), out var refunds, out var error), error);
        Assert.Equal(["{\"refund_id\":1}", "{\"refund_id\":\"2\"}"], refunds.Select(r => Encoding.UTF8.GetString(r.Span)));
    }

    [Fact]
    public void An_omitted_empty_list_is_zero_refunds()
    {
        Assert.True(RefundEnvelope.TryExtract(Encoding.UTF8.GetBytes("{\"refunds_receive_get_response\":{\"total_results\":0}}"), out var refunds, out _));
        Assert.Empty(refunds);
    }

    [Fact]
    public void The_refund_of_refund_get_is_returned()
    {
        Assert.True(RefundEnvelope.TryExtract(Encoding.UTF8.GetBytes("{\"refund_get_response\":{\"refund\":{\"refund_id\":3}}}"), out var refunds, out _));
        Assert.Equal("{\"refund_id\":3}", Encoding.UTF8.GetString(Assert.Single(refunds).Span));
    }

    [Theory]
    [InlineData("{\"error_response\":{\"code\":15}}", "an error")]
    [InlineData("{\"x\":1}", "no refunds_receive_get_response")]
    [InlineData("{", "not valid JSON")]
    public void Input_without_refunds_is_refused_with_a_reason(string input, string reason)
    {
        Assert.False(RefundEnvelope.TryExtract(Encoding.UTF8.GetBytes(input), out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
