using NodaTime;

namespace TaobaoEtl.Verify;

/// <summary>
/// A <c>staging.sales_order</c> row reduced to what the comparison needs: its version and two digests (the
/// key fields, the lines). <see cref="Seen"/> turns true when the truth names its tid; the rest are extras.
/// </summary>
internal struct StagedTrade
{
    public Instant Modified;
    public ulong Fields;
    public ulong Lines;
    public bool Seen;
}
