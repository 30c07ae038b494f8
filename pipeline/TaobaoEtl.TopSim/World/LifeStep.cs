namespace TaobaoEtl.TopSim.World;

/// <summary>One kind of change in a trade's life; each becomes a new <c>modified</c> and a message topic.</summary>
internal enum LifeStep : byte
{
    Create,
    Pay,
    StepDeposit,
    StepFinal,
    StepForfeit,
    CloseUnpaid,
    PartShip,
    Ship,
    Sign,
    Finish,
    RefundCreate,
    RefundAgree,
    RefundReturn,
    RefundRefuse,
    RefundSuccess,
    RefundClose,
    Memo,
    /// <summary>A second change within the same second as the step before it (the peak's same-<c>modified</c> case).</summary>
    Twin,
    /// <summary>
    /// An edit added while a client pages (<see cref="LifeOverlay"/>): its <c>modified</c> lies in the window being
    /// paged or just past it, and the list index shows it from the moment it was added.
    /// </summary>
    Revision,
}

internal static class LifeSteps
{
    public static bool IsRefund(this LifeStep step) => step is >= LifeStep.RefundCreate and <= LifeStep.RefundClose;
}
