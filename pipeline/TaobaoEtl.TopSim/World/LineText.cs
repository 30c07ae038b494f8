namespace TaobaoEtl.TopSim.World;

/// <summary>A line's words, drawn from their own stream only when a response shows them.</summary>
internal sealed record LineText(string Title, string SkuPropertiesName)
{
    public static LineText Draw(long seed, int index, int line)
    {
        var rng = new SplitMix(seed, index, 300 + line);
        var title = rng.Pick(CjkCatalog.Prefixes) + rng.Pick(CjkCatalog.Brands) + rng.Pick(CjkCatalog.Products);
        return new LineText(title, "颜色分类:" + rng.Pick(CjkCatalog.Colours) + ";尺码:" + rng.Pick(CjkCatalog.Sizes));
    }
}
