using NodaTime;

namespace TaobaoEtl.TopSim.World;

/// <summary>
/// Lays out the world once at start: creation instants along a daily curve (and the 11-11 peak), then each
/// trade's life is drawn once to fill the change indexes, in parallel chunks. Nothing else is kept.
/// </summary>
internal static class WorldBuilder
{
    private static readonly string[] ShopNicks =
    [
        "小熊电器旗舰店", "三只松鼠旗舰店", "江南布衣官方店", "良品铺子旗舰店", "花西子官方旗舰店",
        "九阳官方旗舰店", "百草味旗舰店", "李宁官方旗舰店", "完美日记旗舰店", "安踏官方网店",
    ];

    public static TradeWorld Build(long seed, SimPreset preset, int shopCount, Instant clockStart)
    {
        var shape = WorldShape.For(preset);
        var startLocal = clockStart.InZone(TradeWorld.Zone).Date;
        var epoch = startLocal.PlusDays(-WorldShape.HistoryDays).AtStartOfDayInZone(TradeWorld.Zone).ToInstant();
        var totalHours = (WorldShape.HistoryDays + WorldShape.FutureDays) * 24;

        var peaks = new List<(long, long)>();
        for (var day = 0; day < WorldShape.HistoryDays + WorldShape.FutureDays; day++)
        {
            var date = startLocal.PlusDays(day - WorldShape.HistoryDays);
            if (date.Month == 11 && date.Day == 11)
            {
                var start = (long)day * 86_400_000;
                peaks.Add((start, start + 3_600_000));
            }
        }

        var created = CreationSeconds(seed, shape, totalHours, peaks);
        var count = created.Length;
        var shop = new byte[count];
        var kind = new byte[count];
        for (var i = 0; i < count; i++)
        {
            shop[i] = (byte)(SplitMix.Hash(seed, i, 3) % (ulong)shopCount);
            kind[i] = TradeKinds.Draw(SplitMix.Hash(seed, i, 4));
        }

        var shops = Enumerable.Range(0, shopCount).Select(i => new SimShop(
            2_206_000_000_000 + (long)(SplitMix.Hash(seed, i, 21) % 1_000_000_000),
            ShopNicks[i % ShopNicks.Length] + (i >= ShopNicks.Length ? (i / ShopNicks.Length + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : ""),
            "6100" + Hex(seed, i, 22, 20) + Hex(seed, i, 23, 20))).ToArray();

        var world = new TradeWorld(seed, epoch, created, shop, kind, [], [], peaks, shops);
        var (changes, refunds) = Index(world);
        return new TradeWorld(seed, epoch, created, shop, kind, changes, refunds, peaks, shops);
    }

    public static string Hex(long seed, long a, long b, int length)
    {
        var text = SplitMix.Hash(seed, a, b).ToString("x16", System.Globalization.CultureInfo.InvariantCulture)
                   + SplitMix.Hash(seed, a, b + 1000).ToString("x16", System.Globalization.CultureInfo.InvariantCulture)
                   + SplitMix.Hash(seed, a, b + 2000).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
        return text[..length];
    }

    private static int[] CreationSeconds(long seed, WorldShape shape, int totalHours, List<(long Start, long End)> peaks)
    {
        var rng = new SplitMix(seed, -1, 0);
        var curveSum = WorldShape.HourCurve.Sum();
        var estimate = (int)((long)shape.TradesPerDay * totalHours / 24 + (long)shape.TradesPerDay * shape.PeakDays * peaks.Count + 1024);
        var seconds = new List<int>(estimate);
        var hour = new List<int>();
        for (var h = 0; h < totalHours; h++)
        {
            hour.Clear();
            var expected = shape.TradesPerDay * WorldShape.HourCurve[h % 24] / curveSum;
            var n = (int)expected + (rng.NextDouble() < expected - Math.Floor(expected) ? 1 : 0);
            for (var k = 0; k < n; k++) hour.Add(h * 3600 + rng.Next(0, 3600));
            if (shape.Double11Peak && peaks.Exists(p => p.Start == h * 3_600_000L))
            {
                // A month of orders in one hour, front-loaded into its first minutes.
                var peakTrades = shape.TradesPerDay * shape.PeakDays;
                for (var k = 0; k < peakTrades; k++)
                {
                    var u = rng.NextDouble();
                    hour.Add(h * 3600 + (int)(3599 * u * u));
                }
            }

            hour.Sort();
            seconds.AddRange(hour);
        }

        return seconds.ToArray();
    }

    private static (long[] Changes, long[] Refunds) Index(TradeWorld world)
    {
        const int chunk = 1 << 16;
        var chunks = (world.Count + chunk - 1) / chunk;
        var changeParts = new long[chunks][];
        var refundParts = new long[chunks][];
        Parallel.For(0, chunks, c =>
        {
            var changes = new List<long>(chunk * 5);
            var refunds = new List<long>(chunk / 8);
            Span<LifeEvent> events = stackalloc LifeEvent[LifeScheduler.MaxEvents];
            var end = Math.Min(world.Count, (c + 1) * chunk);
            for (var i = c * chunk; i < end; i++)
            {
                var n = world.Schedule(i, 0, events);
                long lastSecond = -1, lastRefundSecond = -1;
                for (var k = 0; k < n; k++)
                {
                    var second = events[k].Second;
                    if (second != lastSecond) changes.Add(second << 32 | (uint)i);
                    lastSecond = second;
                    if (events[k].Step.IsRefund() && second != lastRefundSecond)
                    {
                        refunds.Add(second << 32 | (uint)i);
                        lastRefundSecond = second;
                    }
                }
            }

            changeParts[c] = changes.ToArray();
            refundParts[c] = refunds.ToArray();
        });

        return (Concat(changeParts), Concat(refundParts));
    }

    private static long[] Concat(long[][] parts)
    {
        var all = new long[parts.Sum(p => (long)p.Length)];
        var at = 0;
        foreach (var part in parts)
        {
            part.CopyTo(all, at);
            at += part.Length;
        }

        Array.Sort(all);
        return all;
    }
}
