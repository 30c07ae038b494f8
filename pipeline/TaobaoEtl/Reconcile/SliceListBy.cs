namespace TaobaoEtl.Reconcile;

/// <summary>Which key a slice is listed by: <c>created</c> (<c>sold.get</c>, forward) or <c>modified</c> (<c>increment.get</c>, back to front).</summary>
public enum SliceListBy
{
    Created,
    Modified,
}
