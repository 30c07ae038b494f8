using System.Text;
using TaobaoEtl.Bench.Corpus;
using TaobaoEtl.Normalize;
using TaobaoEtl.Tests.Normalize;

namespace TaobaoEtl.Tests.Bench;

public sealed class TradeMintTests
{
    [Theory]
    [InlineData("fullinfo_multi_line.json")]
    [InlineData("fullinfo_string_ids_numeric_money.json")]
    public void A_minted_trade_has_its_own_tid_and_oids_and_otherwise_the_same_rows(string fixture)
    {
        var original = Fixture.Trade(fixture);
        Assert.True(TradeEnvelope.TryExtract(Fixture.Bytes(fixture), out var json, out _));

        var minted = TradeNormalizer.Normalize(TradeMint.Mint(json.Span, original.Tid, 7), "shop-1", Fixture.FetchedAt).Value;

        Assert.Equal(TradeMint.TidOf(7), minted.Tid);
        Assert.Equal(original.Order with { Tid = minted.Tid }, minted.Order);
        Assert.Equal(original.Lines.Select(l => l.Oid - original.Tid), minted.Lines.Select(l => l.Oid - minted.Tid));
        Assert.Equal(original.Lines.Select(l => l with { Tid = 0, Oid = 0 }), minted.Lines.Select(l => l with { Tid = 0, Oid = 0 }));
    }

    [Fact]
    public void Minting_keeps_ids_in_their_form_money_text_and_cjk_unescaped()
    {
        var json = """{"tid":"42","payment":"285.80","post_fee":10.50,"seller_nick":"杭州小店","orders":{"order":[{"oid":52},{"oid":"62"}]}}""";

        var minted = Encoding.UTF8.GetString(TradeMint.Mint(Encoding.UTF8.GetBytes(json), 42, 0));

        var tid = TradeMint.TidOf(0);
        Assert.Equal($$$"""{"tid":"{{{tid}}}","payment":"285.80","post_fee":10.50,"seller_nick":"杭州小店","orders":{"order":[{"oid":{{{tid + 10}}}},{"oid":"{{{tid + 20}}}"}]}}""", minted);
    }

    [Fact]
    public void Different_numbers_never_share_a_tid() =>
        Assert.Equal(1000, Enumerable.Range(0, 1000).Select(n => TradeMint.TidOf(n)).Distinct().Count());
}
