using System.Collections.Frozen;
using System.Text.Json;

namespace TaobaoEtl.TopSim.Gateway;

/// <summary>
/// Which trade and order fields each trade method can return, read from the embedded copy of the platform's
/// metadata (top-fields.json). A field outside a method's set is never returned by it, whatever is asked.
/// </summary>
internal sealed class FieldCatalog
{
    private readonly FrozenDictionary<string, (FrozenSet<string> Trade, FrozenSet<string> Order)> _methods;

    private FieldCatalog(FrozenDictionary<string, (FrozenSet<string>, FrozenSet<string>)> methods) => _methods = methods;

    public static FieldCatalog Embedded { get; } = Load();

    public (FrozenSet<string> Trade, FrozenSet<string> Order) For(string method) => _methods[method];

    private static FieldCatalog Load()
    {
        using var stream = typeof(FieldCatalog).Assembly.GetManifestResourceStream("TaobaoEtl.TopSim.top-fields.json")
                           ?? throw new InvalidOperationException("top-fields.json is not embedded in TopSim");
        using var document = JsonDocument.Parse(stream);
        var methods = new Dictionary<string, (FrozenSet<string>, FrozenSet<string>)>(StringComparer.Ordinal);
        foreach (var method in document.RootElement.EnumerateObject())
        {
            if (method.Value.ValueKind != JsonValueKind.Object) continue;
            methods[method.Name] = (Names(method.Value, "trade"), Names(method.Value, "order"));
        }

        return new FieldCatalog(methods.ToFrozenDictionary(StringComparer.Ordinal));
    }

    private static FrozenSet<string> Names(JsonElement method, string kind) =>
        method.GetProperty(kind).EnumerateArray().Select(e => e.GetString()!).ToFrozenSet(StringComparer.Ordinal);
}
