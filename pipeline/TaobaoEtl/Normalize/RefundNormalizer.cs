using System.Text;
using System.Text.Json;
using NodaTime;
using static TaobaoEtl.Normalize.PlatformValue;

namespace TaobaoEtl.Normalize;

/// <summary>
/// Maps one refund object (an element of <c>refunds.refund[]</c> of <c>refunds_receive_get_response</c>, or
/// the <c>refund</c> of <c>refund_get_response</c>) to its <c>staging.refund</c> row, or to a
/// <see cref="Rejection"/>. Pure, like <see cref="TradeNormalizer"/>; <c>refund_id</c> and <c>modified</c>
/// are required (they are the row's key and version).
/// </summary>
public static class RefundNormalizer
{
    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 64 };

    public static NormalizeResult<NormalizedRefund> Normalize(ReadOnlySpan<byte> refundJson, string shopId, Instant fetchedAt) =>
        GuardedParse.Run(refundJson, "refund", Rejection.RefundSource, shopId, fetchedAt, askedTid: null, Parse);

    private static NormalizedRefund Parse(ReadOnlySpan<byte> json, string shopId, Instant fetchedAt, ref long? tid)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new InputFormatException("refund", "expected a JSON object (one refund)");

        long? refundId = null, oid = null;
        string? title = null, buyerNick = null, sellerNick = null, status = null, goodStatus = null, orderStatus = null;
        string? refundPhase = null, disputeType = null, reason = null, description = null, companyName = null, sid = null;
        decimal? totalFee = null, refundFee = null, payment = null;
        bool? hasGoodReturn = null;
        Instant? created = null, modified = null;

        Span<char> nameBuffer = stackalloc char[PropertyName.BufferLength];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = PropertyName.Read(in reader, nameBuffer);
            reader.Read();
            switch (name)
            {
                case "refund_id": refundId = ReadInt64(ref reader, "refund_id"); break;
                case "tid": tid = ReadOptionalInt64(ref reader, "tid"); break;
                case "oid": oid = ReadOptionalInt64(ref reader, "oid"); break;
                case "title": title = ReadOptionalText(ref reader, "title"); break;
                case "buyer_nick": buyerNick = ReadOptionalText(ref reader, "buyer_nick"); break;
                case "seller_nick": sellerNick = ReadOptionalText(ref reader, "seller_nick"); break;
                case "total_fee": totalFee = ReadOptionalMoney(ref reader, "total_fee"); break;
                case "refund_fee": refundFee = ReadOptionalMoney(ref reader, "refund_fee"); break;
                case "payment": payment = ReadOptionalMoney(ref reader, "payment"); break;
                case "status": status = ReadOptionalText(ref reader, "status"); break;
                case "good_status": goodStatus = ReadOptionalText(ref reader, "good_status"); break;
                case "order_status": orderStatus = ReadOptionalText(ref reader, "order_status"); break;
                case "refund_phase": refundPhase = ReadOptionalText(ref reader, "refund_phase"); break;
                case "dispute_type": disputeType = ReadOptionalText(ref reader, "dispute_type"); break;
                case "reason": reason = ReadOptionalText(ref reader, "reason"); break;
                case "desc": description = ReadOptionalText(ref reader, "desc"); break;
                case "has_good_return": hasGoodReturn = ReadOptionalBoolean(ref reader, "has_good_return"); break;
                case "company_name": companyName = ReadOptionalText(ref reader, "company_name"); break;
                case "sid": sid = ReadOptionalText(ref reader, "sid"); break;
                case "created": created = ReadOptionalTime(ref reader, "created"); break;
                case "modified": modified = ReadOptionalTime(ref reader, "modified"); break;
                default: Skip(ref reader, name); break;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
            throw new InputFormatException("refund", "ends before its closing brace");
        if (refundId is null) throw new InputFormatException("refund_id", "is missing");
        if (refundId <= 0) throw new InputFormatException("refund_id", $"must be positive, got {refundId}");
        if (modified is null) throw new InputFormatException("modified", "is missing");

        var row = new RefundRow
        {
            ShopId = shopId,
            RefundId = refundId.Value,
            Tid = tid,
            Oid = oid,
            Title = title,
            BuyerNick = buyerNick,
            SellerNick = sellerNick,
            TotalFee = totalFee,
            RefundFee = refundFee,
            Payment = payment,
            Status = status,
            GoodStatus = goodStatus,
            OrderStatus = orderStatus,
            RefundPhase = refundPhase,
            DisputeType = disputeType,
            Reason = reason,
            Description = description,
            HasGoodReturn = hasGoodReturn,
            CompanyName = companyName,
            Sid = sid,
            Created = created,
            Modified = modified.Value,
            FetchedAt = fetchedAt,
        };
        return new NormalizedRefund(row, Encoding.UTF8.GetString(json));
    }
}
