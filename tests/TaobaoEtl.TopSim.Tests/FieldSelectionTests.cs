using System.Globalization;
using TaobaoEtl.TopSim.Gateway;
using TaobaoEtl.TopSim.Gateway.Methods;

namespace TaobaoEtl.TopSim.Tests;

public sealed class FieldSelectionTests
{
    private const string Fields = "tid,alipay_no,orders.title";

    [Fact]
    public void The_same_field_list_for_the_same_method_is_parsed_once_and_shared()
    {
        var first = FieldSelection.Of(Fields + ",modified", TradeFullinfoGet.Name);

        Assert.Same(first, FieldSelection.Of(Fields + ",modified", TradeFullinfoGet.Name));
    }

    [Fact]
    public void A_shared_selection_is_that_of_its_method_not_of_another_that_asked_the_same_fields()
    {
        var full = FieldSelection.Of(Fields, TradeFullinfoGet.Name);
        var increment = FieldSelection.Of(Fields, TradesSoldIncrementGet.Name);

        // alipay_no is a fullinfo field the increment list does not return.
        Assert.True(full.Trade("alipay_no"));
        Assert.False(increment.Trade("alipay_no"));
        Assert.True(increment.Trade("tid"));
        Assert.True(full.Order("title"));
    }

    [Fact]
    public void Past_the_cache_capacity_the_cache_stays_bounded_and_new_lists_are_still_answered_right()
    {
        for (var i = 0; i <= 2 * FieldSelection.CacheCapacity; i++)
            FieldSelection.Of("tid,x" + i.ToString(CultureInfo.InvariantCulture), TradeFullinfoGet.Name);

        Assert.InRange(FieldSelection.CachedCount, 1, FieldSelection.CacheCapacity);
        var late = FieldSelection.Of("tid,alipay_no,late_unknown", TradeFullinfoGet.Name);
        Assert.Same(late, FieldSelection.Of("tid,alipay_no,late_unknown", TradeFullinfoGet.Name));
        Assert.True(late.Trade("alipay_no"));
        Assert.False(late.Trade("late_unknown"));
        Assert.False(late.AnyOrder);
    }
}
