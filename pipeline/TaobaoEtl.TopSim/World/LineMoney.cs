namespace TaobaoEtl.TopSim.World;

/// <summary>
/// One line's money in cents as the platform keeps it (top-api.md §4): <c>total_fee = price × num + adjust_fee −
/// discount_fee</c>; the shop-wide 满减 is shared over the lines (<c>part_mjz_discount</c>), and what is left is the
/// line's share of what the buyer paid (<c>divide_order_fee</c>, <see cref="Goods"/>). Nothing is ever negative.
/// </summary>
internal readonly record struct LineMoney(long Price, int Num, long Adjust, long Discount, long MjzShare)
{
    /// <summary>The line after its own discount and adjustment (the line's <c>total_fee</c>).</summary>
    public long Total => Price * Num + Adjust - Discount;

    /// <summary>The line's share of what the buyer paid for goods (<c>divide_order_fee</c>).</summary>
    public long Goods => Total - MjzShare;

    /// <summary>The shop-wide 满减 of the trade: the sum of its lines' shares.</summary>
    public static long Mjz(LineMoney[] lines)
    {
        long sum = 0;
        foreach (var l in lines) sum += l.MjzShare;
        return sum;
    }

    /// <summary>The lines of one trade, drawn from the trade's content stream.</summary>
    public static LineMoney[] Draw(ref SplitMix rng, int lines)
    {
        var drawn = new LineMoney[lines];
        long total = 0;
        for (var k = 0; k < lines; k++)
        {
            var price = rng.Next(99, 6000) * 10L - (rng.Chance(0.5) ? 10 : 0);
            var num = rng.Chance(0.8) ? 1 : rng.Next(2, 4);
            var gross = price * num;
            // A seller's 改价: down by at most half the goods (a bargain agreed in chat), or up (a price difference made up).
            var adjust = !rng.Chance(0.08) ? 0 : rng.Chance(0.6) ? -Math.Min(gross / 2, rng.Next(1, 40) * 50L) : rng.Next(1, 10) * 100L;
            var net = gross + adjust;
            // An item discount: often 5–20%, sometimes deep (88.00 with 74.20 off → total_fee 13.80), never all of it.
            var discount = rng.Next(0, 100) switch
            {
                < 35 => net * rng.Next(5, 21) / 100,
                < 40 => net * rng.Next(60, 90) / 100,
                _ => 0,
            };
            drawn[k] = new LineMoney(price, num, adjust, discount, 0);
            total += drawn[k].Total;
        }

        // 满200减20, stacking up to five times; at most a tenth of the goods, so each share stays below its line.
        var mjz = total >= 20_000 && rng.Chance(0.3) ? Math.Min(total / 20_000, 5) * 2_000 : 0;
        if (mjz > 0) Share(drawn, mjz, total);
        return drawn;
    }

    // Pro rata by the lines' totals, floored; the cents left over go to the largest line (which can bear them: it holds
    // at least total/lines, and its share is at most a tenth of it plus fewer cents than there are lines).
    private static void Share(LineMoney[] lines, long mjz, long total)
    {
        long given = 0;
        var largest = 0;
        for (var k = 0; k < lines.Length; k++)
        {
            var share = mjz * lines[k].Total / total;
            lines[k] = lines[k] with { MjzShare = share };
            given += share;
            if (lines[k].Total > lines[largest].Total) largest = k;
        }

        lines[largest] = lines[largest] with { MjzShare = lines[largest].MjzShare + mjz - given };
    }
}
