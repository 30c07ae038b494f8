namespace TaobaoEtl.Configuration;

/// <summary><c>Logging:Format</c>: lines for a person, or compact JSON events for a log shipper.</summary>
public enum LogOutputFormat
{
    Human,
    Json,
}
