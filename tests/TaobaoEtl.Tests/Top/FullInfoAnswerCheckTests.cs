using NodaTime;
using TaobaoEtl.Top;

namespace TaobaoEtl.Tests.Top;

public sealed class FullInfoAnswerCheckTests
{
    private static readonly Instant Dated = Instant.FromUtc(2026, 11, 11, 16, 0, 5);

    // The one future-version rule of the program, at its edges: both instants have one-second resolution, so the last
    // second accepted is the margin itself and the first refused the second after it.
    [Theory]
    [InlineData(-86_400L, false)]
    [InlineData(0L, false)]
    [InlineData(1L, false)]
    [InlineData(59L, false)]
    [InlineData(60L, false)]
    [InlineData(61L, true)]
    [InlineData(300L, true)]
    [InlineData(2_200_000_000L, true)]
    public void A_modified_more_than_the_margin_after_the_answer_is_refused_naming_the_tid(long modifiedAfterDateSeconds, bool refused)
    {
        var refusal = FullInfoAnswerCheck.Refusal(7, 7, tidRequired: true, Dated + Duration.FromSeconds(modifiedAfterDateSeconds), Dated);

        Assert.Equal(refused, refusal is not null);
        if (refused) Assert.Contains("tid 7", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_modified_a_millisecond_past_the_margin_is_refused()
    {
        Assert.NotNull(FullInfoAnswerCheck.Refusal(7, 7, tidRequired: true, Dated + FullInfoAnswerCheck.FutureMargin + Duration.FromMilliseconds(1), Dated));
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
    public void The_margin_is_one_minute()
    {
        Assert.Equal(Duration.FromMinutes(1), FullInfoAnswerCheck.FutureMargin);
    }
}
