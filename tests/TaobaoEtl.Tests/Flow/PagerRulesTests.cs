using TaobaoEtl.Configuration;
using TaobaoEtl.Flow;

namespace TaobaoEtl.Tests.Flow;

public sealed class PagerRulesTests
{
    private static EtlOptions Valid() => new()
    {
        Database = { ConnectionString = "Host=127.0.0.1;Port=5432;Database=x;Username=u" },
    };

    [Theory]
    [InlineData("Sync:OverloadPause")]
    [InlineData("Sync:MaxOverloadRetries")]
    [InlineData("Sync:ListFailurePause")]
    [InlineData("Sync:MaxListFailures")]
    [InlineData("Sync:MaxPagesPerWindow")]
    public void Each_invalid_pager_setting_is_reported_by_its_key(string key)
    {
        var options = Valid();
        switch (key)
        {
            case "Sync:OverloadPause": options.Sync.OverloadPause = TimeSpan.Zero; break;
            case "Sync:MaxOverloadRetries": options.Sync.MaxOverloadRetries = -1; break;
            case "Sync:ListFailurePause": options.Sync.ListFailurePause = TimeSpan.FromHours(2); break;
            case "Sync:MaxListFailures": options.Sync.MaxListFailures = 21; break;
            case "Sync:MaxPagesPerWindow": options.Sync.MaxPagesPerWindow = 0; break;
        }

        var error = Assert.Single(EtlOptionsValidator.Validate(options, ConfigurationNeeds.Database));
        Assert.Equal(key, error.Key);
    }

    [Fact]
    public void The_rules_come_from_the_sync_options_with_the_documented_defaults()
    {
        var rules = PagerRules.From(new SyncOptions());

        Assert.Equal(TimeSpan.FromMinutes(3), rules.OverloadPause);
        Assert.Equal(5, rules.MaxOverloadRetries);
        Assert.Equal(3, rules.MaxListFailures);
        Assert.Equal(2000, rules.MaxPagesPerWindow);
        Assert.False(rules.WeakSettleRule);
        Assert.False(rules.IncrementFrontToBack);
        Assert.True(PagerRules.From(new SyncOptions { Testing = new SyncTestingOptions { WeakSettleRule = true } }).WeakSettleRule);
    }

    [Fact]
    public void A_failing_window_backs_off_doubling_up_to_sixteen_times_the_first_pause()
    {
        var rules = new PagerRules { ListFailurePause = TimeSpan.FromSeconds(30) };

        Assert.Equal([30, 60, 120, 240, 480, 480], Enumerable.Range(1, 6).Select(n => rules.FailurePause(n).TotalSeconds).ToArray());
    }
}
