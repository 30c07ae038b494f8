using System.Net;
using System.Text.Json;

namespace TaobaoEtl.TopSim.Tests.Support;

/// <summary>One gateway answer: HTTP status, Date header, and the parsed envelope.</summary>
internal sealed record TopReply(HttpStatusCode Status, DateTimeOffset? Date, JsonElement Root, string Text)
{
    public bool IsError => Root.TryGetProperty("error_response", out _);
    public JsonElement Error => Root.GetProperty("error_response");
    public int Code => Error.GetProperty("code").GetInt32();
    public string? SubCode => Error.TryGetProperty("sub_code", out var s) ? s.GetString() : null;
    public string? SubMsg => Error.TryGetProperty("sub_msg", out var s) ? s.GetString() : null;

    /// <summary>The <c>…_response</c> object of a success.</summary>
    public JsonElement Body
    {
        get
        {
            Assert.False(IsError, "expected a success, got " + Text);
            return Root.EnumerateObject().Single().Value;
        }
    }

    public IReadOnlyList<JsonElement> Trades =>
        Body.TryGetProperty("trades", out var trades) ? trades.GetProperty("trade").EnumerateArray().ToList() : [];
}
