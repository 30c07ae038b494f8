using NodaTime;
using TaobaoEtl.Top;

namespace TaobaoEtl.Tests.Top;

public sealed class FullInfoAnswerCheckTests
{
    private static readonly Instant Dated = Instant.FromUtc(2026, 11, 11, 16, 0, 5);

    [Theory]
    [InlineData(0)]
    [InlineData(-86_400)]
    [InlineData(299)]
    [InlineData(300)]
    public void The_asked_trade_with_a_modified_up_to_the_margin_after_the_answer_is_accepted(int modifiedAfterDateSeconds)
    {
        Assert.Null(FullInfoAnswerCheck.Refusal(7, 7, tidRequired: true, Dated + Duration.FromSeconds(modifiedAfterDateSeconds), Dated));
    }

    [Theory]
    [InlineData(301)]
    [InlineData(2_000_000_000)]
    public void A_modified_beyond_the_margin_after_the_answer_is_refused(int modifiedAfterDateSeconds)
    {
        var refusal = FullInfoAnswerCheck.Refusal(7, 7, tidRequired: true, Dated + Duration.FromSeconds(modifiedAfterDateSeconds), Dated);

        Assert.NotNull(refusal);
        Assert.Contains("tid 7", refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(8L)]
    [InlineData(0L)]
    [InlineData(-7L)]
    public void Another_tid_is_refused_naming_both(long answered)
    {
        var refusal = FullInfoAnswerCheck.Refusal(7, answered, tidRequired: false, null, Dated);

        Assert.NotNull(refusal);
        Assert.Contains($"answers tid {answered} for tid 7", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void No_tid_is_refused_only_when_the_fields_asked_for_it()
    {
        Assert.NotNull(FullInfoAnswerCheck.Refusal(7, null, tidRequired: true, null, Dated));
        Assert.Null(FullInfoAnswerCheck.Refusal(7, null, tidRequired: false, null, Dated));
    }

    [Fact]
    public void The_margin_is_five_minutes()
    {
        Assert.Equal(Duration.FromMinutes(5), FullInfoAnswerCheck.FutureMargin);
    }
}
