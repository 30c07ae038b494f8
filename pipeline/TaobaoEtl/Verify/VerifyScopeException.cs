namespace TaobaoEtl.Verify;

/// <summary>
/// The database gives verification nothing sound to hold the truth against: no shop at all (a pipeline that
/// synced nothing must not verify clean), or two shops with one seller nick (the truth cannot be split).
/// </summary>
public sealed class VerifyScopeException(string message) : Exception(message);
