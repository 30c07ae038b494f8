namespace TaobaoEtl.Top;

/// <summary>
/// A seller's authorization (<c>session</c> / <c>access_token</c>). A secret: it prints as <c>***</c> so a log line,
/// an interpolated message or a debugger display cannot leak it.
/// </summary>
public sealed class TopSession
{
    public TopSession(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        Value = value;
    }

    internal string Value { get; }

    public override string ToString() => "***";
}
