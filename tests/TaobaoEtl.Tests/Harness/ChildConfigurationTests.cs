using TaobaoEtl.Harness;
using TaobaoEtl.Harness.Chaos;

namespace TaobaoEtl.Tests.Harness;

/// <summary>
/// What the chaos harness hands its sync children, spelled as the product reads it: the keys come from the options'
/// property names, so these pin the text the children actually get.
/// </summary>
public sealed class ChildConfigurationTests
{
    [Fact]
    public void A_copy_of_an_environment_changes_alone()
    {
        var calm = new SyncChildEnvironment("Host=db", new Uri("http://127.0.0.1:1/router/rest"), "key", "secret").Sync("BatchSize", 40);

        var busy = calm.Copy().Sync("SliceLength", TimeSpan.FromHours(8)).Build();

        Assert.Equal("08:00:00", busy["TAOBAOETL__Sync__SliceLength"]);
        Assert.Equal("40", busy["TAOBAOETL__Sync__BatchSize"]);
        Assert.False(calm.Build().ContainsKey("TAOBAOETL__Sync__SliceLength"));
    }

    [Theory]
    [InlineData(ChaosBreakage.FrontToBack, "Sync:Testing:IncrementPagingFrontToBack=true")]
    [InlineData(ChaosBreakage.WeakSettle, "Sync:Testing:WeakSettleRule=true")]
    [InlineData(ChaosBreakage.SkipRule, "Sync:Testing:TrustDateHeader=true")]
    [InlineData(ChaosBreakage.NoLookBack, null)]
    [InlineData(ChaosBreakage.None, null)]
    public void A_breakage_rides_on_its_test_only_switch(ChaosBreakage breakage, string? expected) =>
        Assert.Equal(expected, breakage.TestOnlySwitch());
}
