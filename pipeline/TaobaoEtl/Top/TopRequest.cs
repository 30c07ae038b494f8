using System.Text;

namespace TaobaoEtl.Top;

/// <summary>One API call before signing: the method, the seller's session if the method needs one, the API parameters.</summary>
internal sealed class TopRequest(string method, TopSession? session)
{
    private readonly List<KeyValuePair<string, string>> _parameters = [];

    public string Method { get; } = method;
    public TopSession? Session { get; } = session;
    public IReadOnlyList<KeyValuePair<string, string>> Parameters => _parameters;

    /// <summary>The trade the request asks for, so a refused answer stays attributed to it (quarantine, owed).</summary>
    public long? AskedTid { get; private set; }

    /// <summary>Adds the <c>tid</c> parameter and remembers it as the asked trade.</summary>
    public TopRequest ForTid(long tid)
    {
        AskedTid = tid;
        return With("tid", tid);
    }

    /// <summary>Adds a parameter; null or empty values are not sent (and not signed, by the platform's rule).</summary>
    public TopRequest With(string name, string? value)
    {
        if (!string.IsNullOrEmpty(value)) _parameters.Add(new(name, value));
        return this;
    }

    public TopRequest With(string name, long value) => With(name, value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public TopRequest With(string name, bool value) => With(name, value ? "true" : "false");

    /// <summary>The API parameters for a log line: never the session or the secret (they are not API parameters).</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        foreach (var (name, value) in _parameters)
        {
            if (text.Length > 0) text.Append('&');
            text.Append(name).Append('=');
            text.Append(value.Length <= 120 ? value : string.Concat(value.AsSpan(0, 120), "…"));
        }
        return text.ToString();
    }

    public override string ToString() => $"{Method}({Describe()})";
}
