using System.Text;
using BenchmarkDotNet.Attributes;
using NodaTime;
using TaobaoEtl.Normalize;

namespace TaobaoEtl.Benchmarks;

/// <summary>
/// The normalizer on one page of 100 realistic trades (2 lines each, CJK text, masked receivers, ids and
/// money as numbers and strings): what a detail-fetch page costs to map before it reaches the sink.
/// A second page holds 100 trades recorded from TopSim, all different (types, statuses, 1–n lines, refunds, pre-sale
/// steps), so branch prediction and caches see the variety the pipeline sees.
/// `./run.sh bench micro '*NormalizeBenchmarks*'`
/// </summary>
[MemoryDiagnoser]
public class NormalizeBenchmarks
{
    private static readonly Instant FetchedAt = Instant.FromUtc(2026, 11, 10, 16, 5, 0);
    private byte[][] _page = [];
    private (byte[] Json, string ShopId, Instant FetchedAt)[] _simPage = [];

    [GlobalSetup]
    public async Task Setup()
    {
        _page = [.. Enumerable.Range(0, 100).Select(i => Encoding.UTF8.GetBytes(TradeJson(452790065331038L + (i * 7), i)))];
        var sample = await SimTrades.RecordAsync(100);
        _simPage = [.. sample.Trades.Select(t => (t.TradeJson, t.ShopId, t.AnsweredAt))];
        // A benchmark of rejections would measure the wrong path.
        if (NormalizePageOf100Trades() != _page.Length || NormalizeSimPageOf100Trades() != _simPage.Length)
            throw new InvalidOperationException("The benchmark pages must normalize without rejections.");
    }

    /// <summary>Normalizes the page; returns the accepted count so the work cannot be optimized away.</summary>
    [Benchmark(OperationsPerInvoke = 100)]
    public int NormalizePageOf100Trades()
    {
        var accepted = 0;
        foreach (var trade in _page)
        {
            if (TradeNormalizer.Normalize(trade, "shop-1", FetchedAt).IsAccepted) accepted++;
        }

        return accepted;
    }

    /// <summary>Normalizes 100 different trades recorded from TopSim; per trade, as the page above.</summary>
    [Benchmark(OperationsPerInvoke = 100)]
    public int NormalizeSimPageOf100Trades()
    {
        var accepted = 0;
        foreach (var (json, shopId, fetchedAt) in _simPage)
        {
            if (TradeNormalizer.Normalize(json, shopId, fetchedAt).IsAccepted) accepted++;
        }

        return accepted;
    }

    internal static string TradeJson(long tid, int i) => $$"""
        {"tid":{{(i % 2 == 0 ? tid.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"\"{tid}\"")}},"sid":"{{tid}}","status":"WAIT_SELLER_SEND_GOODS","type":"fixed",
         "created":"2026-11-11 00:00:03","pay_time":"2026-11-11 00:00:41","modified":"2026-11-11 00:{{i % 60:00}}:42",
         "total_fee":"297.00","payment":{{(i % 3 == 0 ? "285.80" : "\"285.80\"")}},"post_fee":"0.00","discount_fee":"11.20","adjust_fee":"0.00","received_payment":"0.00",
         "buyer_nick":"t**1","buyer_open_uid":"AAH2k3QxABZ8d1Vn5l1wPq9X","seller_nick":"杭州小店旗舰店","receiver_name":"屈**","receiver_state":"浙江省",
         "receiver_city":"杭州市","receiver_district":"西湖区","receiver_town":"文新街道","receiver_address":"文**路**号","receiver_zip":"310012",
         "receiver_mobile":"1389289****","receiver_phone":"","oaid":"1yK3c9Ph5yQjL8XqXk2ZxVvDtyqRp1kQ","buyer_message":"请尽快发货，谢谢！",
         "seller_memo":"双11 优先","seller_flag":1,"shipping_type":"express","trade_from":"WAP,JHS",
         "promotion_details":{"promotion_detail":[{"id":{{tid}},"promotion_name":"满300减","discount_fee":"11.20"}]},
         "orders":{"order":[
          {"oid":{{tid + 1}},"num_iid":"600123456789","sku_id":"4567890123456","outer_iid":"HZ-TEA-01","outer_sku_id":"HZ-TEA-01-250G",
           "title":"西湖龙井 2026 新茶 明前特级 250g","sku_properties_name":"净含量:250g;包装:礼盒装","price":"199.00","num":1,
           "total_fee":"199.00","payment":"191.50","discount_fee":"0.00","adjust_fee":"0.00","divide_order_fee":"191.50","part_mjz_discount":"7.50",
           "status":"WAIT_SELLER_SEND_GOODS","refund_status":"NO_REFUND"},
          {"oid":"{{tid + 2}}","num_iid":600123456790,"sku_id":4567890123457,"outer_iid":"HZ-CUP-02","title":"手工青瓷茶杯（两只装）","price":49,"num":"2",
           "total_fee":98.00,"payment":"94.30","discount_fee":"0.00","adjust_fee":"0.00","divide_order_fee":"94.30","part_mjz_discount":"3.70",
           "status":"WAIT_SELLER_SEND_GOODS","refund_status":"NO_REFUND"}
        """ + "]}}";
}
