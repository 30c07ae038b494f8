using TaobaoEtl.Configuration;

namespace TaobaoEtl.Tests.Configuration;

public sealed class KeySuggestionTests
{
    [Theory]
    [InlineData("BatchSize", "BatchSize", 0)]
    [InlineData("BatchSzie", "BatchSize", 1)]
    [InlineData("batchsize", "BatchSize", 0)]
    [InlineData("BatchSiz", "BatchSize", 1)]
    [InlineData("BatchSizes", "BatchSize", 1)]
    [InlineData("BitchSize", "BatchSize", 1)]
    [InlineData("", "abc", 3)]
    [InlineData("LookBack", "PeakLookBack", 4)]
    public void Distance_counts_edits_and_neighbour_swaps_ignoring_case(string a, string b, int expected)
    {
        Assert.Equal(expected, KeySuggestion.Distance(a, b));
        Assert.Equal(expected, KeySuggestion.Distance(b, a));
    }

    [Fact]
    public void The_nearest_candidate_wins_and_an_exact_match_is_no_suggestion()
    {
        string[] candidates = ["Sync:BatchSize", "Sync:FlushAge", "Sync:LookBack"];

        Assert.Equal("Sync:BatchSize", KeySuggestion.Nearest("Sync:BatchSzie", candidates));
        Assert.Equal("Sync:LookBack", KeySuggestion.Nearest("Sync:Lookback2", candidates));
        Assert.Null(KeySuggestion.Nearest("Sync:BatchSize", candidates));
        Assert.Null(KeySuggestion.Nearest("Sync:Q", candidates));
    }
}
