namespace TaobaoEtl.Paging;

/// <summary>
/// Counts a plan's refused answers to the request it keeps asking: the same page is asked again up to
/// <see cref="ListAnswerFault.MaxBadAnswers"/> times, then the plan gives up.
/// </summary>
internal sealed class PageBadAnswers
{
    private int _inARow;

    public ListAnswerFault? Last { get; private set; }

    /// <summary>Records <paramref name="fault"/>; true when the plan must stop asking (refused).</summary>
    public bool GiveUp(ListAnswerFault fault)
    {
        Last = fault;
        return fault.IsFinal || ++_inARow >= ListAnswerFault.MaxBadAnswers;
    }

    public void Answered() => _inARow = 0;
}
