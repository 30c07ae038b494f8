using TaobaoEtl.Configuration;
using TaobaoEtl.Flow;
using TaobaoEtl.Top;

namespace TaobaoEtl.Tests.Flow;

/// <summary>The one wording of <c>etl.run.message</c>, shared by the windows' runs and <c>refetch</c>.</summary>
public sealed class RunMessageTests
{
    private static readonly ShopStop Stopped = ShopStop.Reauthorize("42");

    public static TheoryData<Exception?, bool, string?, string?> Cases => new()
    {
        { null, false, null, null },
        { null, false, "3 trades stay owed", "3 trades stay owed" },
        { null, true, null, Stopped.Message },
        { null, true, "3 trades stay owed", "3 trades stay owed\n" + Stopped.Message },
        // What stopped the run comes first and replaces the owed line (its exit code wins).
        { new OperationCanceledException(), false, "3 trades stay owed", "cancelled; committed work is kept" },
        { new InvalidOperationException("bug"), true, null, "InvalidOperationException: bug\n" + Stopped.Message },
        { new TopException(TopErrorKind.CallLimited, "taobao.trade.fullinfo.get", 7, null, "App Call Limited", null, null), false, null,
            new TopException(TopErrorKind.CallLimited, "taobao.trade.fullinfo.get", 7, null, "App Call Limited", null, null).Message },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_run_row_says_what_stopped_the_run_or_what_it_left_owed_then_every_shop_stopped_alone(Exception? error, bool withStop, string? owed,
        string? expected) =>
        Assert.Equal(expected, RunMessage.Of(error, withStop ? [Stopped] : [], owed, SecretRedactor.None));

    [Fact]
    public void A_refused_session_names_the_shop_and_what_to_do()
    {
        Assert.Equal(ShopStopReason.Reauthorize, Stopped.Reason);
        Assert.Contains("shop 42", Stopped.Message, StringComparison.Ordinal);
        Assert.Contains("re-authorize", Stopped.Message, StringComparison.Ordinal);
    }
}
