namespace TaobaoEtl.TopSim.World;

/// <summary>A line's words, drawn from their own stream only when a response shows them.</summary>
internal sealed record LineText(string Title, string SkuPropertiesName)
{
    public static LineText Draw(long seed, int index, int line, bool messy)
    {
        var rng = new SplitMix(seed, index, 300 + line);
        var title = rng.Pick(CjkCatalog.Prefixes) + rng.Pick(CjkCatalog.Brands) + rng.Pick(CjkCatalog.Products);
        var properties = "颜色分类:" + rng.Pick(CjkCatalog.Colours) + ";尺码:" + rng.Pick(CjkCatalog.Sizes);
        if (!messy) return new LineText(title, properties);
        // A stream of its own, so a tidy line's words stay what they were.
        var odd = new SplitMix(seed, index, 320 + line);
        return new LineText(MessyText.Title(ref odd, title), MessyText.SkuProperties(ref odd, properties));
    }
}
