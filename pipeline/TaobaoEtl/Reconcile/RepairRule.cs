namespace TaobaoEtl.Reconcile;

/// <summary>Which listed trades a slice fetches again.</summary>
public enum RepairRule
{
    /// <summary>Reconcile: the ones staging lacks, holds older than listed, or holds damaged.</summary>
    NotOlder,

    /// <summary>Resync: those, and every copy not provably read after its listed <c>modified</c> (the known filter's rule).</summary>
    ProvablyCurrent,

    /// <summary>Resync <c>--force</c>: every listed trade.</summary>
    Force,
}
