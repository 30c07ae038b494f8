using TaobaoEtl.TopSim.Tests.Support;
using static TaobaoEtl.TopSim.Tests.Support.FullinfoSample;

namespace TaobaoEtl.TopSim.Tests;

/// <summary>
/// Line money and single-line oids as the platform writes them (top-api.md §4): facts of the platform, so on in every
/// profile. A client that re-derives one amount from another, or assumes oid ≠ tid, breaks on TopSim as on the gateway.
/// </summary>
public sealed class PlatformMoneyTests
{
    [Theory]
    [InlineData(SimProfile.Clean)]
    [InlineData(SimProfile.Hostile)]
    public async Task A_line_total_fee_is_price_times_num_plus_adjust_fee_minus_discount_fee_and_payments_add_up_to_the_trade(SimProfile profile)
    {
        var wall = Sims.WallClock();
        // Money is a fact of the platform, not a fault: the same in every profile (here without the hostile gateway's errors).
        var faults = Sims.WithoutGatewayFailures(profile);
        faults.MixedValueTypesRate = 0;
        await using var sim = await Sims.StartAsync(wall, faults: faults);
        var sample = await TakeAsync(sim, new TopTestClient(Sims.Http, sim, wall), every: 40);

        Assert.True(sample.Count > 300, $"{sample.Count} trades");
        foreach (var (_, trade) in sample)
        {
            var tid = trade.GetProperty("tid").GetInt64();
            var orders = Orders(trade);
            foreach (var o in orders)
            {
                var because = $"tid {tid} oid {o.GetProperty("oid").GetInt64()}";
                var gross = Money(o, "price") * o.GetProperty("num").GetInt32();
                Assert.True(Money(o, "total_fee") == gross + Money(o, "adjust_fee") - Money(o, "discount_fee"), because + ": total_fee");
                Assert.True(Money(o, "divide_order_fee") == Money(o, "total_fee") - Money(o, "part_mjz_discount"), because + ": divide_order_fee");
                foreach (var name in new[] { "price", "total_fee", "payment", "discount_fee", "divide_order_fee", "part_mjz_discount" })
                    Assert.True(Money(o, name) >= 0, $"{because}: {name} {Money(o, name)}");
            }

            Assert.True(Money(trade, "total_fee") == orders.Sum(o => Money(o, "price") * o.GetProperty("num").GetInt32()), $"tid {tid}: trade total_fee");
            var goods = orders.Sum(o => Money(o, "divide_order_fee"));
            Assert.True(Money(trade, "payment") == goods + Money(trade, "post_fee"), $"tid {tid}: trade payment");
            if (orders.Count == 1)
            {
                // Every real single-line body: the line's oid is the trade's tid, its payment the trade's (post fee included).
                Assert.Equal(tid, orders[0].GetProperty("oid").GetInt64());
                Assert.Equal(Money(trade, "payment"), Money(orders[0], "payment"));
                Assert.Equal(Money(orders[0], "adjust_fee"), Money(trade, "adjust_fee"));
            }
            else
            {
                Assert.True(orders.Sum(o => Money(o, "payment")) == Money(trade, "payment") - Money(trade, "post_fee"), $"tid {tid}: line payments");
                Assert.All(orders, o => Assert.NotEqual(tid, o.GetProperty("oid").GetInt64()));
                Assert.Equal(0m, Money(trade, "adjust_fee"));
            }
        }

        // The world shows each amount apart from the others, so a client that derives one from another is caught.
        var lines = sample.SelectMany(s => Orders(s.Trade)).ToList();
        Assert.Contains(lines, o => Money(o, "discount_fee") > 0 && Money(o, "total_fee") < Money(o, "price") * o.GetProperty("num").GetInt32());
        Assert.Contains(lines, o => Money(o, "adjust_fee") < 0);
        Assert.Contains(lines, o => Money(o, "adjust_fee") > 0);
        Assert.Contains(lines, o => Money(o, "part_mjz_discount") > 0 && Money(o, "part_mjz_discount") != Money(o, "discount_fee"));
        Assert.Contains(lines, o => Money(o, "discount_fee") * 2 > Money(o, "price") * o.GetProperty("num").GetInt32()); // 88.00 → 13.80
        Assert.Contains(sample, s => Orders(s.Trade).Count == 1 && Money(s.Trade, "post_fee") > 0);
        Assert.Contains(sample, s => Money(s.Trade, "discount_fee") != Orders(s.Trade).Sum(o => Money(o, "discount_fee")));
    }

    [Fact]
    public async Task The_truth_shows_the_same_money_and_oids_as_fullinfo()
    {
        var wall = Sims.WallClock();
        await using var sim = await Sims.StartAsync(wall);
        var sample = await TakeAsync(sim, new TopTestClient(Sims.Http, sim, wall), every: 80);

        Assert.NotEmpty(sample);
        foreach (var (truth, trade) in sample)
        {
            foreach (var name in new[] { "payment", "total_fee", "post_fee", "discount_fee", "received_payment" })
                Assert.True(Money(truth, name) == Money(trade, name), $"tid {truth.GetProperty("tid")}: {name}");
            var truthLines = truth.GetProperty("lines").EnumerateArray().ToList();
            var orders = Orders(trade);
            Assert.Equal(truthLines.Select(l => l.GetProperty("oid").GetInt64()), orders.Select(o => o.GetProperty("oid").GetInt64()));
            foreach (var (l, o) in truthLines.Zip(orders))
            {
                foreach (var name in new[] { "price", "total_fee", "discount_fee", "payment" })
                    Assert.True(Money(l, name) == Money(o, name), $"oid {l.GetProperty("oid")}: {name}");
            }
        }
    }
}
