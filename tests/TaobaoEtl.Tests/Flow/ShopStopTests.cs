using TaobaoEtl.Flow;

namespace TaobaoEtl.Tests.Flow;

public sealed class ShopStopTests
{
    [Theory]
    [InlineData(new ShopStopReason[0], null)]
    [InlineData(new[] { ShopStopReason.Locked }, ExitCode.TemporaryFailure)]
    [InlineData(new[] { ShopStopReason.BehindHorizon }, ExitCode.BehindHorizon)]
    [InlineData(new[] { ShopStopReason.Reauthorize }, ExitCode.NoPermission)]
    [InlineData(new[] { ShopStopReason.Locked, ShopStopReason.BehindHorizon }, ExitCode.BehindHorizon)]
    [InlineData(new[] { ShopStopReason.BehindHorizon, ShopStopReason.Reauthorize, ShopStopReason.Locked }, ExitCode.NoPermission)]
    public void The_stop_that_needs_a_person_decides_the_exit_code(ShopStopReason[] reasons, ExitCode? expected)
    {
        var stops = reasons.Select((reason, i) => new ShopStop("shop" + i, reason, "why"));

        Assert.Equal(expected, ShopStop.ExitCodeOf(stops));
    }
}
