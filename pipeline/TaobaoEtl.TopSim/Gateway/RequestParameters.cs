using Microsoft.AspNetCore.Http;

namespace TaobaoEtl.TopSim.Gateway;

/// <summary>
/// Every parameter of a gateway call, wherever the client put it: query string, form body, or split between
/// them as the official SDKs do (system parameters in the query, API parameters in the body).
/// </summary>
internal sealed class RequestParameters
{
    private readonly Dictionary<string, string> _values;

    private RequestParameters(Dictionary<string, string> values) => _values = values;

    public IReadOnlyDictionary<string, string> All => _values;

    public static async Task<RequestParameters> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in request.Query) values[name] = value.ToString();
        if (HttpMethods.IsPost(request.Method) && request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            foreach (var (name, value) in form) values.TryAdd(name, value.ToString());
        }

        return new RequestParameters(values);
    }

    public string? this[string name] => _values.TryGetValue(name, out var v) && v.Length > 0 ? v : null;
}
