namespace TaobaoEtl.Windows;

/// <summary>
/// How a window is listed. A backfill day is listed by <c>created</c>, which never changes, so it pages
/// forward; an increment slice is listed by <c>modified</c>, which moves while we page, so it pages back.
/// </summary>
public enum WindowKind
{
    BackfillDay,
    IncrementSlice,
}
