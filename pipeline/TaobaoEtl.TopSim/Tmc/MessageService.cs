using System.Text;
using System.Text.Json;
using TaobaoEtl.TopSim.Faults;
using TaobaoEtl.TopSim.Gateway;
using TaobaoEtl.TopSim.World;

namespace TaobaoEtl.TopSim.Tmc;

/// <summary>
/// The pull side of the message service for one app: every change of a permitted seller becomes a message
/// (from the moment of the permit), handed out by <c>consume</c>, kept until confirmed and handed out again
/// after the redelivery delay. Hostile switches drop some messages and deliver some twice.
/// </summary>
internal sealed class MessageService(TradeWorld world, TradeSheetFactory sheets, SimStats stats)
{
    /// <summary>The platform's own app key, which publishes trade messages.</summary>
    public const string PublisherAppKey = "12497914";
    private const long IdBase = 1_000_000_000_000_000_000;
    private readonly Lock _gate = new();
    private readonly Dictionary<int, (long FromMs, HashSet<string>? Topics)> _permits = [];
    private readonly Dictionary<long, (TmcMessage Message, long DueMs)> _unconfirmed = [];
    private readonly Queue<TmcMessage> _again = new();
    private int _cursor = -1;

    public void Permit(int shop, IReadOnlyCollection<string>? topics, long nowMs)
    {
        lock (_gate)
        {
            var from = _permits.TryGetValue(shop, out var existing) ? existing.FromMs : nowMs;
            _permits[shop] = (from, topics is { Count: > 0 } ? new HashSet<string>(topics, StringComparer.Ordinal) : null);
            if (_cursor < 0) _cursor = TradeWorld.LowerBound(world.Changes, nowMs / 1000);
        }
    }

    /// <summary>The seller's permitted topics (empty = all), or null when not permitted.</summary>
    public IReadOnlyCollection<string>? Topics(int shop)
    {
        lock (_gate) return _permits.TryGetValue(shop, out var permit) ? (IReadOnlyCollection<string>?)permit.Topics?.Order(StringComparer.Ordinal).ToArray() ?? [] : null;
    }

    public void Cancel(int shop)
    {
        lock (_gate) _permits.Remove(shop);
    }

    public List<TmcMessage> Consume(int quantity, long nowMs, FaultOptions faults)
    {
        var batch = new List<TmcMessage>(quantity);
        lock (_gate)
        {
            foreach (var (id, (message, due)) in _unconfirmed.ToArray())
            {
                if (batch.Count >= quantity) break;
                if (due > nowMs) continue;
                batch.Add(message);
                _unconfirmed[id] = (message, nowMs + (long)faults.TmcRedeliveryDelay.TotalMilliseconds);
                stats.Injected("tmc_redelivered_unconfirmed");
            }

            while (batch.Count < quantity && _again.TryDequeue(out var twice))
            {
                batch.Add(twice);
                stats.Injected("tmc_duplicate");
            }

            while (_cursor >= 0 && batch.Count < quantity && _cursor < world.Changes.Length)
            {
                var entry = world.Changes[_cursor];
                var second = entry >> 32;
                // Only whole seconds in the past: a change later in the current second is not yet known.
                if ((second + 1) * 1000 > nowMs) break;
                var index = (int)(entry & 0xFFFF_FFFF);
                if (_permits.TryGetValue(world.Shop[index], out var permit) && second * 1000 >= permit.FromMs)
                    Emit(index, second, _cursor, permit.Topics, batch, nowMs, faults);
                _cursor++;
            }
        }

        return batch;
    }

    public int Confirm(IEnumerable<long> ids)
    {
        var n = 0;
        lock (_gate)
        {
            foreach (var id in ids)
            {
                if (_unconfirmed.Remove(id)) n++;
            }
        }

        return n;
    }

    private void Emit(int index, long second, int position, HashSet<string>? topics, List<TmcMessage> batch, long nowMs, FaultOptions faults)
    {
        Span<LifeEvent> events = stackalloc LifeEvent[LifeScheduler.MaxEvents];
        var n = world.Schedule(index, faults.SameSecondChangeRate, events);
        var ordinal = 0;
        for (var k = 0; k < n; k++)
        {
            var e = events[k];
            if (e.Second != second) continue;
            var id = IdBase + (long)position * 64 + ordinal++;
            var topic = Topic(e.Step);
            if (topics is not null && !topics.Contains(topic)) continue;
            if (SplitMix.Unit(SplitMix.Hash(world.Seed, id, 77)) < faults.TmcDropRate)
            {
                stats.Injected("tmc_dropped");
                continue;
            }

            var sheet = sheets.At(index, e.AtMs, faults.SameSecondChangeRate)!;
            var message = new TmcMessage(id, topic, Content(sheet, e), world.ToInstant(second * 1000), PublisherAppKey, sheet.Shop.ShopId, sheet.Shop.SellerNick);
            batch.Add(message);
            _unconfirmed[id] = (message, nowMs + (long)faults.TmcRedeliveryDelay.TotalMilliseconds);
            if (SplitMix.Unit(SplitMix.Hash(world.Seed, id, 78)) < faults.TmcRedeliverRate) _again.Enqueue(message);
        }
    }

    private static string Topic(LifeStep step) => step switch
    {
        LifeStep.Create => "taobao_trade_TradeCreate",
        LifeStep.Pay or LifeStep.StepFinal => "taobao_trade_TradeBuyerPay",
        LifeStep.StepDeposit => "taobao_trade_TradeBuyerStepPay",
        LifeStep.StepForfeit or LifeStep.CloseUnpaid => "taobao_trade_TradeClose",
        LifeStep.PartShip => "taobao_trade_TradePartlySellerShip",
        LifeStep.Ship => "taobao_trade_TradeSellerShip",
        LifeStep.Finish => "taobao_trade_TradeSuccess",
        LifeStep.RefundCreate => "taobao_refund_RefundCreated",
        LifeStep.RefundAgree => "taobao_refund_RefundSellerAgreeAgreement",
        LifeStep.RefundReturn => "taobao_refund_RefundBuyerReturnGoods",
        LifeStep.RefundRefuse => "taobao_refund_RefundSellerRefuseAgreement",
        LifeStep.RefundSuccess => "taobao_refund_RefundSuccess",
        LifeStep.RefundClose => "taobao_refund_RefundClosed",
        // top-api.md names no exchange topic: an exchange's seller steps come as the seller's agreement moving (assumed).
        LifeStep.RefundExchangeConfirm or LifeStep.RefundExchangeSend => "taobao_refund_RefundSellerAgreeAgreement",
        LifeStep.RefundRevision => "taobao_refund_RefundBuyerModifyAgreement",
        LifeStep.Memo or LifeStep.Twin => "taobao_trade_TradeMemoModified",
        _ => "taobao_trade_TradeChanged",
    };

    private static string Content(TradeSheet t, LifeEvent e)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, JsonOut.Options))
        {
            w.WriteStartObject();
            if (e.Step.IsRefund())
            {
                // The refund this change is of (a trade can have several), as it is right after the change.
                var r = t.Refunds[RefundTag.Of(e.Variant).Ordinal];
                w.WriteNumber("refund_id", r.RefundId);
                w.WriteNumber("tid", t.Tid);
                w.WriteNumber("oid", r.Oid);
                w.WriteString("refund_fee", Money.Text(r.RefundFee));
                w.WriteString("modified", PlatformTime.Format(r.Modified));
                w.WriteString("bill_type", r.BillType);
                w.WriteString("refund_phase", r.Phase);
                w.WriteString("buyer_nick", t.BuyerNick);
                w.WriteString("seller_nick", t.Shop.SellerNick);
            }
            else
            {
                w.WriteNumber("tid", t.Tid);
                w.WriteNumber("oid", t.Lines[0].Oid);
                w.WriteString("seller_nick", t.Shop.SellerNick);
                w.WriteString("buyer_nick", t.BuyerNick);
                w.WriteString("payment", Money.Text(t.Payment));
                w.WriteString("status", t.Status);
                w.WriteString("type", t.Type is "fixed" or "auction" ? "guarantee_trade" : t.Type);
                if (e.Step is LifeStep.Memo or LifeStep.Twin)
                {
                    if (t.SellerMemo is not null) w.WriteString("seller_memo", t.SellerMemo);
                    w.WriteNumber("seller_flag", t.SellerFlag);
                }
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
