using System.Globalization;
using System.Text.Json;

namespace TaobaoEtl.TopSim.Tests.Support;

/// <summary>Reading <c>taobao.refunds.receive.get</c> windows page by page, as a client does.</summary>
internal static class RefundPages
{
    public const string Fields = "refund_id,tid,oid,status,modified,created,refund_fee,bill_type,refund_phase";

    public static Dictionary<string, string> Window(DateTimeOffset from, DateTimeOffset to, int pageSize = 100, string? status = null)
    {
        var window = new Dictionary<string, string>
        {
            ["fields"] = Fields, ["type"] = Sims.AllTypes, ["page_size"] = pageSize.ToString(CultureInfo.InvariantCulture),
            ["start_modified"] = Sims.Local(from), ["end_modified"] = Sims.Local(to),
        };
        if (status is not null) window["status"] = status;
        return window;
    }

    /// <summary>One page (<c>use_has_next</c>): its refunds and whether another follows.</summary>
    public static async Task<(List<JsonElement> Refunds, bool HasNext)> PageAsync(TopTestClient client, string session, Dictionary<string, string> window, int page)
    {
        var reply = await client.CallAsync("taobao.refunds.receive.get", session,
            new Dictionary<string, string>(window) { ["page_no"] = page.ToString(CultureInfo.InvariantCulture), ["use_has_next"] = "true" });
        Assert.False(reply.IsError, reply.Text);
        var refunds = reply.Body.TryGetProperty("refunds", out var r) ? r.GetProperty("refund").EnumerateArray().ToList() : [];
        return (refunds, reply.Body.GetProperty("has_next").GetBoolean());
    }

    /// <summary>Every refund of the window, front to back (the clock frozen: nothing moves between the pages).</summary>
    public static async Task<List<JsonElement>> AllAsync(TopTestClient client, string session, Dictionary<string, string> window)
    {
        var all = new List<JsonElement>();
        for (var page = 1; ; page++)
        {
            var (refunds, hasNext) = await PageAsync(client, session, window, page);
            all.AddRange(refunds);
            if (!hasNext) return all;
        }
    }
}
