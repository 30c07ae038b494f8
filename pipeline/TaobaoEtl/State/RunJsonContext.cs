using System.Text.Json.Serialization;

namespace TaobaoEtl.State;

[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(Dictionary<string, long>))]
internal sealed partial class RunJsonContext : JsonSerializerContext;
