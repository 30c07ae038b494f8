using NodaTime;

namespace TaobaoEtl.Fetch;

/// <summary>
/// The version of a trade we hold: its <c>modified</c> and when the platform answered the fetch that
/// produced it (the response's Date header).
/// </summary>
public readonly record struct KnownFilterStoredCopy(Instant Modified, Instant FetchedAt);
