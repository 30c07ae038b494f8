using NodaTime;
using TaobaoEtl.Harness.Sim;
using System.Globalization;
using TaobaoEtl.TopSim.Tests.Support;
using Xunit.Abstractions;

namespace TaobaoEtl.TopSim.Tests;

/// <summary>
/// increment.get pages are cut at each call against the state at that instant, so trades whose <c>modified</c>
/// moves while a client pages shift the pages under it.
/// </summary>
public sealed class IncrementPagingTests(ITestOutputHelper output)
{
    private const int PageSize = 100;
    private const double SecondsBetweenPages = 20;

    [Fact]
    public async Task Increment_read_front_to_back_while_trades_are_modified_misses_trades()
    {
        var (seen, stillInWindow, left) = await ReadWindowAsync(backToFront: false);

        Assert.NotEmpty(left); // trades really were modified out of the window between pages
        var missed = stillInWindow.Except(seen).ToList();
        output.WriteLine($"front-to-back: {seen.Count} seen, {left.Count} left the window, {stillInWindow.Count} still in it, {missed.Count} of those missed");
        Assert.NotEmpty(missed);
    }

    [Fact]
    public async Task Increment_read_back_to_front_while_trades_are_modified_misses_none()
    {
        var (seen, stillInWindow, left) = await ReadWindowAsync(backToFront: true);

        Assert.NotEmpty(left);
        output.WriteLine($"back-to-front: {seen.Count} seen, {left.Count} left the window, {stillInWindow.Count} still in it, {stillInWindow.Except(seen).Count()} of those missed");
        Assert.Empty(stillInWindow.Except(seen));
    }

    /// <summary>
    /// Reads the hour before the 11-11 peak began plus its first 5 minutes, one shop, moving the simulated clock
    /// between pages. Returns the tids seen, the tids still in the window at the end, and those that left it.
    /// </summary>
    private static async Task<(HashSet<long> Seen, HashSet<long> StillInWindow, HashSet<long> Left)> ReadWindowAsync(bool backToFront)
    {
        var wall = Sims.WallClock();
        await using var sim = await Sims.StartAsync(wall, SimPreset.Double11);
        var client = new TopTestClient(Sims.Http, sim, wall);
        var control = new SimControlClient(Sims.Http, sim.BaseUri);
        var session = sim.Shops[0].Session;
        var end = sim.Now;
        var window = new Dictionary<string, string>
        {
            ["fields"] = "tid,modified",
            ["type"] = Sims.AllTypes,
            ["start_modified"] = Sims.Local(end.ToDateTimeOffset().AddHours(-1)),
            ["end_modified"] = Sims.Local(end),
            ["page_size"] = PageSize.ToString(CultureInfo.InvariantCulture),
        };

        async Task<TopReply> PageAsync(int pageNo, bool useHasNext)
        {
            var api = new Dictionary<string, string>(window)
            {
                ["page_no"] = pageNo.ToString(CultureInfo.InvariantCulture),
                ["use_has_next"] = useHasNext ? "true" : "false",
            };
            var reply = await client.CallAsync("taobao.trades.sold.increment.get", session, api);
            Assert.False(reply.IsError, reply.Text);
            return reply;
        }

        var first = await PageAsync(1, useHasNext: false);
        var total = first.Body.GetProperty("total_results").GetInt32();
        Assert.True(total > 5 * PageSize, $"the window should span many pages, has {total} trades");
        var initial = await AllAsync(PageAsync, total);

        var seen = new HashSet<long>();
        if (backToFront)
        {
            for (var page = (total + PageSize - 1) / PageSize; page >= 1; page--)
            {
                await control.AdvanceAsync(Duration.FromSeconds(SecondsBetweenPages));
                foreach (var t in (await PageAsync(page, useHasNext: true)).Trades) seen.Add(t.GetProperty("tid").GetInt64());
            }
        }
        else
        {
            for (var page = 1; ; page++)
            {
                await control.AdvanceAsync(Duration.FromSeconds(SecondsBetweenPages));
                var reply = await PageAsync(page, useHasNext: true);
                foreach (var t in reply.Trades) seen.Add(t.GetProperty("tid").GetInt64());
                if (!reply.Body.GetProperty("has_next").GetBoolean()) break;
            }
        }

        var after = await PageAsync(1, useHasNext: false);
        var stillInWindow = await AllAsync(PageAsync, after.Body.GetProperty("total_results").GetInt32());
        var left = initial.Except(stillInWindow).ToHashSet();
        return (seen, stillInWindow, left);
    }

    /// <summary>Every tid of the window at one frozen instant (the clock does not move between these pages).</summary>
    private static async Task<HashSet<long>> AllAsync(Func<int, bool, Task<TopReply>> page, int total)
    {
        var tids = new HashSet<long>();
        for (var p = 1; p <= (total + PageSize - 1) / PageSize; p++)
            foreach (var t in (await page(p, false)).Trades) tids.Add(t.GetProperty("tid").GetInt64());
        Assert.Equal(total, tids.Count);
        return tids;
    }
}
