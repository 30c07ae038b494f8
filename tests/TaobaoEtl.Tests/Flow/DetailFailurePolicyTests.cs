using NodaTime;
using TaobaoEtl.Flow;
using TaobaoEtl.Flow.Stages;
using TaobaoEtl.Top;

namespace TaobaoEtl.Tests.Flow;

public sealed class DetailFailurePolicyTests
{
    private const string Method = "taobao.trade.fullinfo.get";

    [Theory]
    [InlineData(TopErrorKind.CallerError, DetailFailureAction.OweAsDeadLetter)]
    [InlineData(TopErrorKind.Overloaded, DetailFailureAction.OweAsDeadLetter)]
    [InlineData(TopErrorKind.Unrecognized, DetailFailureAction.OweAsDeadLetter)]
    [InlineData(TopErrorKind.MalformedAnswer, DetailFailureAction.OweAsDeadLetter)]
    [InlineData(TopErrorKind.Transient, DetailFailureAction.Stop)]
    [InlineData(TopErrorKind.CallLimited, DetailFailureAction.Stop)]
    [InlineData(TopErrorKind.SessionInvalid, DetailFailureAction.Stop)]
    [InlineData(TopErrorKind.BadCredentials, DetailFailureAction.Stop)]
    [InlineData(TopErrorKind.Permission, DetailFailureAction.Stop)]
    public void A_failure_about_one_trade_owes_it_and_a_failure_about_the_run_stops_it(TopErrorKind kind, DetailFailureAction action) =>
        Assert.Equal(action, DetailFailurePolicy.For(new TopException(kind, Method, 15, "isv.x", "msg", null, "r1")));

    [Fact]
    public void A_body_that_stayed_malformed_is_quarantined_with_its_raw_body() =>
        Assert.Equal(DetailFailureAction.OweAsQuarantine,
            DetailFailurePolicy.For(new TopMalformedAnswerException(Method, "truncated JSON", "{\"trade_fullinfo", "r1", askedTid: 7)));
}
