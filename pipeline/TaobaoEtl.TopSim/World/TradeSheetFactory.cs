using System.Globalization;

namespace TaobaoEtl.TopSim.World;

/// <summary>
/// Re-draws a trade's content from its seed and replays its life up to an instant: the one way any trade state
/// is ever produced (gateway pages, fullinfo, truth), so they cannot disagree.
/// </summary>
internal sealed class TradeSheetFactory(TradeWorld world)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The trade as of <paramref name="cutoffMs"/> (every change at or before it), or null before its creation.</summary>
    public TradeSheet? At(int index, long cutoffMs, double twinRate)
    {
        Span<LifeEvent> events = stackalloc LifeEvent[LifeScheduler.MaxEvents];
        var n = world.Schedule(index, twinRate, events);
        if (n == 0 || events[0].AtMs > cutoffMs) return null;
        var sheet = Content(index, events[0].AtMs);
        foreach (var e in events[..n])
        {
            if (e.AtMs > cutoffMs) break;
            Apply(sheet, e);
            sheet.Modified = world.ToInstant(e.Second * 1000);
        }

        return sheet;
    }

    private TradeSheet Content(int index, long createdMs)
    {
        var rng = new SplitMix(world.Seed, index, 2);
        var tid = world.Tid(index);
        var lines = world.Lines(index);
        var messy = MessyText.Applies(world, index);
        var post = rng.Chance(0.7) ? 0 : rng.Next(5, 16) * 100L;
        var money = LineMoney.Draw(ref rng, lines);
        var lineSheets = new LineSheet[lines];
        long listed = 0, goods = 0;
        for (var k = 0; k < lines; k++)
        {
            var m = money[k];
            listed += m.Price * m.Num;
            goods += m.Goods;
            lineSheets[k] = new LineSheet
            {
                Seed = world.Seed,
                TradeIndex = index,
                LineNo = k,
                // Every real single-line body: the line's oid is the trade's tid.
                Oid = lines == 1 ? tid : tid + 10L * (k + 1),
                NumIid = 600_000_000_000 + (long)(SplitMix.Hash(world.Seed, index, 100 + k) % 99_999_999_999),
                SkuId = 4_000_000_000_000 + (long)(SplitMix.Hash(world.Seed, index, 200 + k) % 999_999_999_999),
                Price = m.Price,
                Num = m.Num,
                AdjustFee = m.Adjust,
                DiscountFee = m.Discount,
                PartMjzDiscount = m.MjzShare,
                Payment = m.Goods + (lines == 1 ? post : 0),
                Cid = 50_000_000 + rng.Next(0, 9_999),
                Messy = messy,
            };
        }

        var place = rng.Pick(CjkCatalog.Places);
        var surname = rng.Pick(CjkCatalog.Surnames);
        var kind = world.Kind[index];
        var sheet = new TradeSheet
        {
            Index = index,
            Tid = tid,
            Shop = world.Shops[world.Shop[index]],
            Type = TradeKinds.Names[kind],
            Created = world.ToInstant(createdMs / 1000 * 1000),
            PostFee = post,
            TotalFee = listed,
            DiscountFee = LineMoney.Mjz(money),
            AdjustFee = lines == 1 ? money[0].Adjust : 0,
            Payment = goods + post,
            Messy = messy,
            BuyerNick = rng.Pick(CjkCatalog.NickWords) + rng.Pick(CjkCatalog.NickTails)[..1] + "**",
            World = world,
            BuyerMessage = rng.Chance(0.3) ? rng.Pick(CjkCatalog.BuyerMessages) : messy && rng.Chance(0.5) ? MessyText.BuyerMessage(world.Seed, index) : null,
            ReceiverName = surname + "**",
            ReceiverState = place.State,
            ReceiverCity = place.City,
            ReceiverDistrict = place.District,
            ReceiverTown = place.Town,
            ReceiverAddress = messy ? MessyText.Address(world.Seed, index, place.Street + "***号") : place.Street + "***号",
            ReceiverZip = place.Zip,
            ReceiverMobile = "1" + rng.Next(300_000, 999_999).ToString(Inv) + "****",
            TradeFrom = rng.Chance(0.8) ? "WAP,WAP" : "TAOBAO",
            Lines = lineSheets,
        };
        if (kind == TradeKinds.Step) sheet.StepTradeStatus = "FRONT_NOPAID_FINAL_NOPAID";
        return sheet;
    }

    private void Apply(TradeSheet t, LifeEvent e)
    {
        var at = world.ToInstant(e.Second * 1000);
        switch (e.Step)
        {
            case LifeStep.Create:
                var first = world.Kind[t.Index] == TradeKinds.Cod ? "WAIT_SELLER_SEND_GOODS" : "WAIT_BUYER_PAY";
                SetAll(t, first);
                break;
            case LifeStep.Pay:
                t.PayTime = at;
                SetAll(t, "WAIT_SELLER_SEND_GOODS");
                break;
            case LifeStep.StepDeposit:
                t.StepTradeStatus = "FRONT_PAID_FINAL_NOPAID";
                t.StepPaidFee = t.Payment / 5;
                break;
            case LifeStep.StepFinal:
                t.StepTradeStatus = "FRONT_PAID_FINAL_PAID";
                t.StepPaidFee = t.Payment;
                t.PayTime = at;
                SetAll(t, "WAIT_SELLER_SEND_GOODS");
                break;
            case LifeStep.StepForfeit:
                t.StepTradeStatus = "FRONT_PAID_FRONT_FORFEITED";
                t.EndTime = at;
                SetAll(t, "TRADE_CLOSED");
                break;
            case LifeStep.CloseUnpaid:
                t.EndTime = at;
                SetAll(t, "TRADE_CLOSED_BY_TAOBAO");
                break;
            case LifeStep.PartShip:
                Ship(t, at, (t.Lines.Length + 1) / 2);
                t.Status = "SELLER_CONSIGNED_PART";
                break;
            case LifeStep.Ship:
                Ship(t, at, t.Lines.Length);
                t.Status = AllClosed(t) ? "TRADE_CLOSED" : "WAIT_BUYER_CONFIRM_GOODS";
                break;
            case LifeStep.Sign:
                t.Status = "TRADE_BUYER_SIGNED";
                foreach (var l in t.Lines)
                {
                    if (!l.Closed) l.Status = "TRADE_BUYER_SIGNED";
                }

                break;
            case LifeStep.Finish:
                t.EndTime = at;
                foreach (var l in t.Lines)
                {
                    if (l.Closed) continue;
                    l.Status = "TRADE_FINISHED";
                    l.EndTime = at;
                }

                t.Status = AllClosed(t) ? "TRADE_CLOSED" : "TRADE_FINISHED";
                t.ReceivedPayment = t.Payment - MoneyRefunded(t);
                break;
            case LifeStep.RefundCreate:
                RefundCreate(t, e, at);
                break;
            case LifeStep.RefundAgree:
                RefundState(t, e, RefundStatuses.WaitBuyerReturnGoods, at);
                break;
            case LifeStep.RefundReturn:
                var returning = RefundState(t, e, RefundStatuses.WaitSellerConfirmGoods, at);
                returning.GoodStatus = "BUYER_RETURNED_GOODS";
                returning.CompanyName = CjkCatalog.Couriers[(t.Index + returning.Ordinal) % CjkCatalog.Couriers.Length];
                returning.Sid = "YT" + ((t.Tid + returning.Ordinal) % 10_000_000_000_000).ToString("D13", Inv);
                break;
            case LifeStep.RefundRefuse:
                RefundState(t, e, RefundStatuses.SellerRefuseBuyer, at);
                break;
            case LifeStep.RefundExchangeConfirm:
                RefundState(t, e, RefundStatuses.ExchangeWaitSellerSendGoods, at);
                break;
            case LifeStep.RefundExchangeSend:
                RefundState(t, e, RefundStatuses.ExchangeWaitBuyerReceiveGoods, at);
                break;
            case LifeStep.RefundSuccess:
                RefundSuccess(t, e, at);
                break;
            case LifeStep.RefundClose:
                RefundState(t, e, RefundStatuses.Closed, at);
                break;
            case LifeStep.RefundRevision:
                var noted = t.Refunds[RefundTag.Of(e.Variant).Ordinal];
                noted.Desc += "；补充说明" + (e.AtMs % 97).ToString(Inv);
                noted.Modified = at;
                break;
            case LifeStep.Memo:
                t.SellerMemo = Memo(t, e.Variant, CjkCatalog.Memos[e.Variant % CjkCatalog.Memos.Length]);
                t.SellerFlag = 1 + e.Variant % 5;
                break;
            case LifeStep.Revision:
                // An edit that surfaced while a client paged: new memo and flag, so a stale copy shows.
                t.SellerMemo = Memo(t, e.Variant, CjkCatalog.Memos[e.Variant % CjkCatalog.Memos.Length] + "（改" + e.Variant.ToString(Inv) + "）");
                t.SellerFlag = (t.SellerFlag + 2 + e.Variant % 3) % 6;
                break;
            case LifeStep.Twin:
                // The second change of the same second: different content, same modified.
                t.SellerMemo = Memo(t, e.Variant, CjkCatalog.Memos[e.Variant % CjkCatalog.Memos.Length] + "（" + e.Variant.ToString(Inv) + "）");
                t.SellerFlag = (t.SellerFlag + 1 + e.Variant % 4) % 6;
                break;
        }
    }

    private string Memo(TradeSheet t, int variant, string memo) => t.Messy ? MessyText.Memo(world.Seed, t.Index, variant, memo) : memo;

    private static void SetAll(TradeSheet t, string status)
    {
        t.Status = status;
        var closing = status.StartsWith("TRADE_CLOSED", StringComparison.Ordinal);
        foreach (var l in t.Lines)
        {
            if (!l.Closed || closing) l.Status = status;
        }
    }

    private static bool AllClosed(TradeSheet t)
    {
        foreach (var l in t.Lines)
        {
            if (!l.Closed) return false;
        }

        return true;
    }

    private static void Ship(TradeSheet t, NodaTime.Instant at, int upTo)
    {
        t.ConsignTime ??= at;
        t.Sid ??= "SF" + (t.Tid % 1_000_000_000_000).ToString("D12", Inv);
        for (var k = 0; k < upTo; k++)
        {
            var l = t.Lines[k];
            if (l.Closed || l.ConsignTime is not null) continue;
            l.Status = "WAIT_BUYER_CONFIRM_GOODS";
            l.ConsignTime = at;
            l.LogisticsCompany = CjkCatalog.Couriers[(int)(t.Tid % CjkCatalog.Couriers.Length)];
            l.InvoiceNo = t.Sid;
        }
    }

    /// <summary>What the buyer got back: the refunds that succeeded, less exchanges (goods went back, not money).</summary>
    private static long MoneyRefunded(TradeSheet t)
    {
        if (!t.HasRefunds) return 0;
        long sum = 0;
        foreach (var r in t.Refunds)
        {
            if (r.Status == RefundStatuses.Success && r.Bill != RefundBill.Replace) sum += r.RefundFee;
        }

        return sum;
    }

    private void RefundCreate(TradeSheet t, LifeEvent e, NodaTime.Instant at)
    {
        var tag = RefundTag.Of(e.Variant);
        var line = t.Lines[e.Line];
        var rng = new SplitMix(world.Seed, t.Index, 400 + tag.Ordinal);
        var afterSale = line.ConsignTime is not null;
        // At most what the line has left; a part of it leaves money for a later refund of the line.
        var left = line.Payment - line.RefundedFee;
        var fee = !tag.Partial || left < 2 ? left : Math.Clamp(left * rng.Next(10, 51) / 100, 1, left - 1);
        var reason = rng.Pick(CjkCatalog.RefundReasons);
        var refund = new RefundSheet
        {
            Ordinal = tag.Ordinal,
            RefundId = world.RefundId(t.Index, tag.Ordinal),
            Oid = line.Oid,
            Line = e.Line,
            Bill = tag.Bill,
            Created = at,
            Modified = at,
            RefundFee = fee,
            Phase = afterSale ? "aftersale" : "onsale",
            HasGoodReturn = tag.Bill != RefundBill.Refund,
            GoodStatus = afterSale ? "BUYER_RECEIVED" : "BUYER_NOT_RECEIVED",
            Reason = reason,
            Desc = (tag.Bill == RefundBill.Replace ? "买家申请换货：" : "买家申请退款：") + reason,
            OrderStatus = line.Status,
        };
        // Ordinals come in order: the schedule asks for refund k only after refund k-1.
        t.Refunds.Add(refund);
        line.RefundStatus = refund.Status;
        line.RefundId = refund.RefundId;
    }

    private static RefundSheet RefundState(TradeSheet t, LifeEvent e, string status, NodaTime.Instant at)
    {
        var refund = t.Refunds[RefundTag.Of(e.Variant).Ordinal];
        refund.Status = status;
        refund.Modified = at;
        var line = t.Lines[refund.Line];
        // Only the line's latest refund speaks for it (a line's refunds never overlap, so this is the one changing).
        if (line.RefundId == refund.RefundId) line.RefundStatus = status;
        refund.OrderStatus = line.Status;
        return refund;
    }

    private static void RefundSuccess(TradeSheet t, LifeEvent e, NodaTime.Instant at)
    {
        var refund = RefundState(t, e, RefundStatuses.Success, at);
        var line = t.Lines[refund.Line];
        line.RefundedFee += refund.RefundFee;
        // Money back for all the line had closes it; an exchange keeps it open (the buyer keeps goods), as does a part refund.
        if (refund.Bill == RefundBill.Replace || line.RefundedFee < line.Payment) return;
        line.Status = "TRADE_CLOSED";
        line.EndTime = at;
        refund.OrderStatus = line.Status;
        if (AllClosed(t))
        {
            t.Status = "TRADE_CLOSED";
            t.EndTime = at;
        }
    }
}
