namespace TaobaoEtl.Top.Transport;

/// <summary>One answer as it came over HTTP 200: the pooled body, when the platform read it, the status to report it by.</summary>
internal readonly record struct TopDelivery(PooledAnswerBody Body, TopAnswer Answer, int Status) : IDisposable
{
    public void Dispose() => Body.Dispose();
}
