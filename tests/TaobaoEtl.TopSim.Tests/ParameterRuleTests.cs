using System.Globalization;
using TaobaoEtl.TopSim.Tests.Support;

namespace TaobaoEtl.TopSim.Tests;

public sealed class ParameterRuleTests
{
    [Fact]
    public async Task Omitting_type_returns_fewer_trades_than_listing_every_type()
    {
        var wall = Sims.WallClock();
        await using var sim = await Sims.StartAsync(wall);
        var client = new TopTestClient(Sims.Http, sim, wall);
        var range = new Dictionary<string, string>
        {
            ["fields"] = "tid,type",
            ["start_created"] = Sims.Local(sim.Now.ToDateTimeOffset().AddDays(-30)),
            ["end_created"] = Sims.Local(sim.Now),
        };

        var defaults = await client.CallAsync("taobao.trades.sold.get", sim.Shops[0].Session, range);
        var every = await client.CallAsync("taobao.trades.sold.get", sim.Shops[0].Session, new Dictionary<string, string>(range) { ["type"] = Sims.AllTypes });

        var defaultCount = defaults.Body.GetProperty("total_results").GetInt32();
        var everyCount = every.Body.GetProperty("total_results").GetInt32();
        Assert.True(defaultCount > 0);
        Assert.True(defaultCount < everyCount, $"default {defaultCount} vs every type {everyCount}");
    }

    [Fact]
    public async Task Page_size_101_gives_the_isv_invalid_parameter_error()
    {
        var wall = Sims.WallClock();
        await using var sim = await Sims.StartAsync(wall);
        var client = new TopTestClient(Sims.Http, sim, wall);

        var reply = await client.CallAsync("taobao.trades.sold.increment.get", sim.Shops[0].Session, new Dictionary<string, string>
        {
            ["fields"] = "tid",
            ["start_modified"] = Sims.Local(sim.Now.ToDateTimeOffset().AddHours(-1)),
            ["end_modified"] = Sims.Local(sim.Now),
            ["page_size"] = "101",
        });

        Assert.Equal(41, reply.Code);
        Assert.Equal("isv.invalid-parameter:page_size", reply.SubCode);
        Assert.Equal("Invalid arguments:page_size", reply.Error.GetProperty("msg").GetString());
    }

    [Fact]
    public async Task A_two_day_increment_window_gives_the_isv_invalid_parameter_error()
    {
        var wall = Sims.WallClock();
        await using var sim = await Sims.StartAsync(wall);
        var client = new TopTestClient(Sims.Http, sim, wall);

        var reply = await client.CallAsync("taobao.trades.sold.increment.get", sim.Shops[0].Session, new Dictionary<string, string>
        {
            ["fields"] = "tid",
            ["start_modified"] = Sims.Local(sim.Now.ToDateTimeOffset().AddDays(-2)),
            ["end_modified"] = Sims.Local(sim.Now),
        });

        Assert.Equal(41, reply.Code);
        Assert.StartsWith("isv.invalid-parameter:", reply.SubCode);
    }

    [Fact]
    public async Task Missing_fields_gives_40_and_an_end_before_the_start_gives_41()
    {
        var wall = Sims.WallClock();
        await using var sim = await Sims.StartAsync(wall);
        var client = new TopTestClient(Sims.Http, sim, wall);

        var noFields = await client.CallAsync("taobao.trades.sold.get", sim.Shops[0].Session);
        var backwards = await client.CallAsync("taobao.trades.sold.increment.get", sim.Shops[0].Session, new Dictionary<string, string>
        {
            ["fields"] = "tid",
            ["start_modified"] = Sims.Local(sim.Now),
            ["end_modified"] = Sims.Local(sim.Now.ToDateTimeOffset().AddHours(-1)),
        });

        Assert.Equal(40, noFields.Code);
        Assert.Equal("isv.missing-parameter:fields", noFields.SubCode);
        Assert.Equal(41, backwards.Code);
    }

    [Fact]
    public async Task A_created_range_older_than_three_months_is_refused()
    {
        var wall = Sims.WallClock();
        await using var sim = await Sims.StartAsync(wall);
        var client = new TopTestClient(Sims.Http, sim, wall);

        var reply = await client.CallAsync("taobao.trades.sold.get", sim.Shops[0].Session, new Dictionary<string, string>
        {
            ["fields"] = "tid",
            ["start_created"] = Sims.Local(sim.Now.ToDateTimeOffset().AddDays(-100)),
            ["end_created"] = Sims.Local(sim.Now.ToDateTimeOffset().AddDays(-99)),
        });

        Assert.Equal(41, reply.Code);
        Assert.Equal("isv.invalid-parameter:start_created", reply.SubCode);
    }

    [Fact]
    public async Task Use_has_next_returns_has_next_and_no_total_and_sold_get_is_newest_created_first()
    {
        var wall = Sims.WallClock();
        await using var sim = await Sims.StartAsync(wall);
        var client = new TopTestClient(Sims.Http, sim, wall);

        var reply = await client.CallAsync("taobao.trades.sold.get", sim.Shops[0].Session, new Dictionary<string, string>
        {
            ["fields"] = "tid,created", ["type"] = Sims.AllTypes, ["use_has_next"] = "true", ["page_size"] = "50",
        });

        Assert.True(reply.Body.GetProperty("has_next").GetBoolean());
        Assert.False(reply.Body.TryGetProperty("total_results", out _));
        var created = reply.Trades.Select(t => t.GetProperty("created").GetString()!).ToList();
        Assert.Equal(50, created.Count);
        Assert.Equal(created.OrderByDescending(c => c, StringComparer.Ordinal), created);
    }

    [Fact]
    public async Task List_methods_honour_fields_and_never_give_memo_message_or_promotions_while_fullinfo_does()
    {
        var wall = Sims.WallClock();
        await using var sim = await Sims.StartAsync(wall);
        var client = new TopTestClient(Sims.Http, sim, wall);
        const string fields = "tid,status,payment,seller_memo,buyer_message,promotion_details,has_buyer_message,orders.oid,orders.refund_status";

        var list = await client.CallAsync("taobao.trades.sold.get", sim.Shops[0].Session,
            new Dictionary<string, string> { ["fields"] = fields, ["type"] = Sims.AllTypes, ["page_size"] = "100" });

        foreach (var t in list.Trades)
        {
            Assert.Equal(["tid", "status", "payment", "has_buyer_message", "orders"], t.EnumerateObject().Select(p => p.Name).ToArray());
            Assert.All(t.GetProperty("orders").GetProperty("order").EnumerateArray(),
                o => Assert.Equal(["oid", "refund_status"], o.EnumerateObject().Select(p => p.Name).ToArray()));
            Assert.IsType<string>(t.GetProperty("payment").GetString());
        }

        var withMessage = list.Trades.First(t => t.GetProperty("has_buyer_message").GetBoolean());
        var full = await client.CallAsync("taobao.trade.fullinfo.get", sim.Shops[0].Session, new Dictionary<string, string>
        {
            ["fields"] = fields, ["tid"] = withMessage.GetProperty("tid").GetInt64().ToString(CultureInfo.InvariantCulture),
        });
        Assert.True(full.Body.GetProperty("trade").TryGetProperty("buyer_message", out _), full.Text);
    }

    [Fact]
    public async Task Amounts_add_up_payment_is_lines_minus_discount_plus_post_fee()
    {
        var wall = Sims.WallClock();
        await using var sim = await Sims.StartAsync(wall);
        var client = new TopTestClient(Sims.Http, sim, wall);

        var list = await client.CallAsync("taobao.trades.sold.get", sim.Shops[0].Session, new Dictionary<string, string>
        {
            ["fields"] = "tid,payment,post_fee,discount_fee,total_fee,orders", ["type"] = Sims.AllTypes, ["page_size"] = "100",
        });

        Assert.Equal(100, list.Trades.Count);
        Assert.Contains(list.Trades, t => t.GetProperty("orders").GetProperty("order").GetArrayLength() > 1);
        foreach (var t in list.Trades)
        {
            var lines = t.GetProperty("orders").GetProperty("order").EnumerateArray().Sum(o => decimal.Parse(o.GetProperty("total_fee").GetString()!, CultureInfo.InvariantCulture));
            var payment = decimal.Parse(t.GetProperty("payment").GetString()!, CultureInfo.InvariantCulture);
            var discount = decimal.Parse(t.GetProperty("discount_fee").GetString()!, CultureInfo.InvariantCulture);
            var post = decimal.Parse(t.GetProperty("post_fee").GetString()!, CultureInfo.InvariantCulture);
            Assert.Equal(lines - discount + post, payment);
        }
    }

    [Fact]
    public async Task An_unknown_tid_gives_isv_trade_not_exist()
    {
        var wall = Sims.WallClock();
        await using var sim = await Sims.StartAsync(wall);
        var client = new TopTestClient(Sims.Http, sim, wall);

        var reply = await client.CallAsync("taobao.trade.fullinfo.get", sim.Shops[0].Session,
            new Dictionary<string, string> { ["fields"] = "tid", ["tid"] = "3100000000000000999" });

        Assert.Equal("isv.trade-not-exist", reply.SubCode);
    }
}
