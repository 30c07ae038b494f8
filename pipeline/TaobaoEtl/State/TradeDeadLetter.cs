namespace TaobaoEtl.State;

/// <summary>
/// A trade the platform refused with a caller error (<c>isv.*</c>): never retried automatically, it
/// waits in <c>etl.dead_letter</c> for <c>taobao-etl refetch</c>. No field may carry a secret.
/// </summary>
public sealed record TradeDeadLetter(
    string ShopId,
    long Tid,
    string Method,
    int? Code,
    string? SubCode,
    string? SubMessage,
    string? RequestId,
    long? RunId);
