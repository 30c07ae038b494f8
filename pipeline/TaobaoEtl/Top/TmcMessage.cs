using System.Text.Json.Serialization;
using NodaTime;

namespace TaobaoEtl.Top;

/// <summary>
/// One message of the message service (top-api.md §5). <see cref="Content"/> is itself JSON text, parsed by
/// whoever acts on the topic. <see cref="Id"/> is a 19-digit number: read as Int64, never as a double.
/// </summary>
public sealed class TmcMessage
{
    [JsonPropertyName("id")] public long Id { get; set; }
    [JsonPropertyName("topic")] public string Topic { get; set; } = "";
    [JsonPropertyName("content")] public string Content { get; set; } = "";
    [JsonPropertyName("pub_time")] public Instant? PubTime { get; set; }
    [JsonPropertyName("pub_app_key")] public string? PubAppKey { get; set; }
    [JsonPropertyName("user_id")] public long? UserId { get; set; }
    [JsonPropertyName("user_nick")] public string? UserNick { get; set; }
}
