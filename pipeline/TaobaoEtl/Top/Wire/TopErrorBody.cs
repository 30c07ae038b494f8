using System.Text.Json.Serialization;

namespace TaobaoEtl.Top.Wire;

/// <summary><c>error_response</c>: code (a number, or a string in some old bodies), sub_code, texts, request_id.</summary>
internal sealed class TopErrorBody
{
    [JsonPropertyName("code")] public int Code { get; set; }
    [JsonPropertyName("msg")] public string? Msg { get; set; }
    [JsonPropertyName("sub_code")] public string? SubCode { get; set; }
    [JsonPropertyName("sub_msg")] public string? SubMsg { get; set; }
    [JsonPropertyName("request_id")] public string? RequestId { get; set; }
}
