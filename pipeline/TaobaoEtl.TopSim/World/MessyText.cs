using System.Text;
using TaobaoEtl.TopSim.Faults;

namespace TaobaoEtl.TopSim.World;

/// <summary>
/// Text as real bodies carry it on some trades (<see cref="FaultOptions.MessyTextRate"/>): empty strings, emoji in and
/// outside the BMP, newlines and tabs typed into memos, messages and addresses, values of a few KB. Never U+0000 and
/// never a lone surrogate: those are other faults. Every draw comes from its own seeded stream, so a trade's words are
/// the same in every answer and in the truth.
/// </summary>
internal static class MessyText
{
    /// <summary>Shortest "very long" value, in UTF-16 units (CJK: about three times as many UTF-8 bytes).</summary>
    public const int LongChars = 2048;

    /// <summary>Whether this trade's text is messy: drawn once per trade, under the rate in force at its creation.</summary>
    public static bool Applies(TradeWorld world, int index)
    {
        var rate = world.TextRates.RateAt(world.CreatedMs(index));
        return rate > 0 && SplitMix.Unit(SplitMix.Hash(world.Seed, index, 70)) < rate;
    }

    /// <summary>A message the buyer left: empty, several lines, tabbed, with emoji, or very long.</summary>
    public static string BuyerMessage(long seed, int index)
    {
        var rng = new SplitMix(seed, index, 71);
        var said = rng.Pick(CjkCatalog.BuyerMessages);
        return rng.Next(0, 6) switch
        {
            0 => "",
            1 => said + "\n" + rng.Pick(CjkCatalog.BuyerMessages),
            2 => said + "\t" + rng.Pick(CjkCatalog.BmpEmoji),
            3 => said + rng.Pick(CjkCatalog.AstralEmoji) + rng.Pick(CjkCatalog.AstralEmoji),
            4 => said + "\r\n\t" + rng.Pick(CjkCatalog.BmpEmoji) + rng.Pick(CjkCatalog.AstralEmoji),
            _ => Long(ref rng, CjkCatalog.BuyerMessages),
        };
    }

    /// <summary>A street as typed into the address form: a line break or a tab before the door, sometimes an emoji.</summary>
    public static string Address(long seed, int index, string street)
    {
        var rng = new SplitMix(seed, index, 72);
        var tail = rng.Pick(CjkCatalog.AddressTails);
        return rng.Next(0, 3) switch
        {
            0 => street + "\n" + tail,
            1 => street + "\t" + tail,
            _ => street + " " + tail + rng.Pick(CjkCatalog.AstralEmoji),
        };
    }

    /// <summary>A seller's memo as edited in the seller centre: several lines, tabs, emoji, or a few KB of notes.</summary>
    public static string Memo(long seed, int index, int variant, string memo)
    {
        var rng = new SplitMix(seed, index, 73 + 16L * variant);
        return rng.Next(0, 5) switch
        {
            0 => memo + "\n" + rng.Pick(CjkCatalog.Memos),
            1 => memo + "\t" + rng.Pick(CjkCatalog.Memos) + "\t" + rng.Pick(CjkCatalog.BmpEmoji),
            2 => rng.Pick(CjkCatalog.AstralEmoji) + memo + rng.Pick(CjkCatalog.AstralEmoji),
            3 => memo + "\n" + Long(ref rng, CjkCatalog.Memos),
            _ => memo,
        };
    }

    /// <summary>An item title: emoji-decorated, or stuffed with keywords to a few KB.</summary>
    public static string Title(ref SplitMix rng, string title) => rng.Next(0, 3) switch
    {
        0 => rng.Pick(CjkCatalog.AstralEmoji) + title + rng.Pick(CjkCatalog.BmpEmoji),
        1 => title + " " + Long(ref rng, CjkCatalog.Products),
        _ => title,
    };

    /// <summary>SKU text: empty (an item without SKUs), or with an emoji in a colour name.</summary>
    public static string SkuProperties(ref SplitMix rng, string properties) => rng.Next(0, 3) switch
    {
        0 => "",
        1 => properties.Replace("颜色分类:", "颜色分类:" + rng.Pick(CjkCatalog.AstralEmoji), StringComparison.Ordinal),
        _ => properties,
    };

    /// <summary>Words of <paramref name="words"/> joined by spaces, newlines, tabs and emoji, to 2–3 K UTF-16 units.</summary>
    private static string Long(ref SplitMix rng, IReadOnlyList<string> words)
    {
        var target = LongChars + rng.Next(0, 1024);
        var text = new StringBuilder(target + 64);
        while (text.Length < target)
        {
            text.Append(rng.Pick(words));
            text.Append(rng.Next(0, 8) switch { 0 => "\n", 1 => "\t", 2 => rng.Pick(CjkCatalog.AstralEmoji), _ => " " });
        }

        return text.ToString();
    }
}
