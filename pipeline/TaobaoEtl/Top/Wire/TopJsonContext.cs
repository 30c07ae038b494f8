using System.Text.Json.Serialization;

namespace TaobaoEtl.Top.Wire;

// Ids and money arrive as numbers or strings (top-api.md §1): AllowReadingFromString reads both, and reads
// numbers from their text, so a 19-digit id or a decimal amount never passes through a double.
[JsonSourceGenerationOptions(
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    Converters = [typeof(PlatformInstantConverter), typeof(LenientStringConverter), typeof(LenientBooleanConverter)])]
[JsonSerializable(typeof(TimeGetEnvelope))]
[JsonSerializable(typeof(TradesSoldGetEnvelope))]
[JsonSerializable(typeof(TradesSoldIncrementGetEnvelope))]
[JsonSerializable(typeof(TradeFullinfoGetEnvelope))]
[JsonSerializable(typeof(RefundsReceiveGetEnvelope))]
[JsonSerializable(typeof(RefundGetEnvelope))]
[JsonSerializable(typeof(TmcUserPermitEnvelope))]
[JsonSerializable(typeof(TmcMessagesConfirmEnvelope))]
[JsonSerializable(typeof(TmcMessagesConsumeEnvelope))]
internal sealed partial class TopJsonContext : JsonSerializerContext;
