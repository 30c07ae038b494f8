using TaobaoEtl.Flow;
using TaobaoEtl.Top;

namespace TaobaoEtl.Tests.Flow;

public sealed class ShopCancellationTests
{
    private static TopException Refused() =>
        new(TopErrorKind.SessionInvalid, "taobao.trade.fullinfo.get", 27, "session-expired", "Invalid session", null, null);

    [Fact]
    public void Stopping_one_shop_cancels_its_work_only()
    {
        using var intake = new CancellationTokenSource();
        using var shops = new ShopCancellation(intake.Token);
        var a = shops.TokenOf("a");
        var b = shops.TokenOf("b");

        Assert.True(shops.Stop("a", Refused()));

        Assert.True(a.IsCancellationRequested);
        Assert.False(b.IsCancellationRequested);
        Assert.True(shops.IsStopped("a"));
        Assert.False(shops.IsStopped("b"));
        Assert.False(intake.IsCancellationRequested);
        Assert.Equal(["a"], shops.Stopped.Keys);
    }

    [Fact]
    public void A_shop_stops_once_and_a_token_asked_after_the_stop_is_already_cancelled()
    {
        using var intake = new CancellationTokenSource();
        using var shops = new ShopCancellation(intake.Token);

        Assert.True(shops.Stop("a", Refused()));
        Assert.False(shops.Stop("a", Refused()));
        Assert.True(shops.TokenOf("a").IsCancellationRequested);
    }

    [Fact]
    public void The_intake_stopping_cancels_every_shop()
    {
        using var intake = new CancellationTokenSource();
        using var shops = new ShopCancellation(intake.Token);
        var a = shops.TokenOf("a");

        intake.Cancel();

        Assert.True(a.IsCancellationRequested);
        Assert.True(shops.TokenOf("b").IsCancellationRequested);
        Assert.False(shops.IsStopped("a"));
    }
}
