namespace TaobaoEtl.TopSim.World;

/// <summary>What a refund is: money back only, goods returned for money, or goods returned for other goods (top-api.md §5).</summary>
internal enum RefundBill : byte
{
    Refund,
    Return,
    Replace,
}

/// <summary>
/// The byte a refund's events carry in <see cref="LifeEvent.Variant"/>: which refund of the trade (its ordinal, in the order
/// they were asked for), its bill and whether it asks for part of what is left of the line. The schedule decides these,
/// since it alone knows whether a line has money left for another refund; the sheet draws the rest.
/// </summary>
internal readonly record struct RefundTag(int Ordinal, RefundBill Bill, bool Partial)
{
    /// <summary>Refunds a trade can have: ids leave room for ten per trade (<see cref="TradeWorld.RefundId"/>).</summary>
    public const int MaxPerTrade = 10;

    public byte Pack() => (byte)(Ordinal | (int)Bill << 4 | (Partial ? 1 << 6 : 0));

    public static RefundTag Of(byte variant) => new(variant & 0xF, (RefundBill)(variant >> 4 & 0x3), (variant & 1 << 6) != 0);

    public static string BillName(RefundBill bill) => bill switch
    {
        RefundBill.Refund => "refund_bill",
        RefundBill.Return => "return_bill",
        _ => "replace_bill",
    };
}
