using NodaTime;

namespace TaobaoEtl.Reconcile;

/// <summary>One trade (or refund: <see cref="Id"/> is then its refund_id) a slice's diff found: what, the version the platform listed and the one staging held (null when absent or unknown).</summary>
public readonly record struct SliceFinding(long Id, FindingKind Kind, Instant? Listed, Instant? Staged);
