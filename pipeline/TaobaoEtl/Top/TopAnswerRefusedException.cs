namespace TaobaoEtl.Top;

/// <summary>
/// Thrown by a method's mapping when a well-formed envelope is still no answer to the request (no trade object,
/// another tid, a version from the future). The client turns it into a <see cref="TopMalformedAnswerException"/> with
/// the raw body; it never leaves <see cref="TopClient"/>.
/// </summary>
internal sealed class TopAnswerRefusedException(string reason) : Exception(reason)
{
    public string Reason { get; } = reason;
}
