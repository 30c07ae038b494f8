using NodaTime;

namespace TaobaoEtl.Fetch;

/// <summary>
/// The version of a trade we hold: its <c>modified</c> and its <c>fetched_at</c>, a lower bound of the instant the
/// platform read it (<see cref="Top.TopAnswer.ReadNotBefore"/>), never the later <c>Date</c> of the answer.
/// </summary>
public readonly record struct KnownFilterStoredCopy(Instant Modified, Instant FetchedAt);
