using NodaTime;

namespace TaobaoEtl.Reconcile;

/// <summary>One trade a slice's diff found: what, the version the platform listed and the one staging held (null when absent or unknown).</summary>
public readonly record struct SliceFinding(long Tid, FindingKind Kind, Instant? Listed, Instant? Staged);
