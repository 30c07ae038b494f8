using NodaTime;

namespace TaobaoEtl.State;

/// <summary>
/// What staging holds of one trade, as a reconcile reads it: its version and whether the copy is whole (its lines as many
/// as its <c>line_count</c> says, and its raw payload there at the same <c>modified</c>). A copy that is not whole lost
/// rows after it was written (an operator's delete, a restore of one table): it is repaired like a stale one.
/// </summary>
public readonly record struct StagedCopy(Instant Modified, Instant FetchedAt, bool Whole);
