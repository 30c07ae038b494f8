namespace TaobaoEtl.Top;

/// <summary>The <c>fields</c> texts the pipeline asks for.</summary>
public static class TradeFields
{
    /// <summary>For the list calls: only the key and the version; details come from fullinfo.get (the seeds).</summary>
    public const string TidAndModified = "tid,modified";

    /// <summary>The id alone: a count call (<c>use_has_next=false</c>, one trade a page) reads only <c>total_results</c>.</summary>
    public const string Tid = "tid";

    /// <summary>
    /// What the ERP needs from <c>taobao.trade.fullinfo.get</c> (top-api.md §4): the trade, its lines
    /// (<c>orders</c> returns every line field) and the memo, message and promotion fields only fullinfo has.
    /// </summary>
    public const string FullInfo =
        "tid,status,type,created,modified,pay_time,consign_time,end_time,payment,total_fee,post_fee,discount_fee," +
        "adjust_fee,received_payment,buyer_nick,buyer_open_uid,buyer_message,buyer_memo,seller_nick,seller_memo," +
        "seller_flag,trade_memo,receiver_name,receiver_state,receiver_city,receiver_district,receiver_town," +
        "receiver_address,receiver_zip,receiver_mobile,receiver_phone,oaid,shipping_type,trade_from," +
        "step_trade_status,step_paid_fee,num,num_iid,price,title,sid,orders,promotion_details";

    /// <summary>The refund fields <c>staging.refund</c> keeps.</summary>
    public const string Refund =
        "refund_id,tid,oid,title,buyer_nick,seller_nick,total_fee,status,created,refund_fee,good_status," +
        "company_name,sid,payment,reason,desc,has_good_return,modified,order_status,refund_phase,dispute_type";
}
