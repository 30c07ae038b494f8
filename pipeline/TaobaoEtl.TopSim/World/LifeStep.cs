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
    /// <summary>An exchange (<c>replace_bill</c>): the seller took the returned goods in and owes the replacement.</summary>
    RefundExchangeConfirm,
    /// <summary>An exchange: the seller sent the replacement goods; the buyer's receipt ends it.</summary>
    RefundExchangeSend,
    /// <summary>
    /// A refund's record touched while a client pages its list (<see cref="Faults.RefundChurn"/>): a buyer's note on it,
    /// so its <c>modified</c> moves and its status does not; the list index shows it from the moment it was added.
    /// </summary>
    RefundRevision,
}

internal static class LifeSteps
{
    /// <summary>A change of one refund: the event's <see cref="LifeEvent.Variant"/> is its <see cref="RefundTag"/>.</summary>
    public static bool IsRefund(this LifeStep step) =>
        step is >= LifeStep.RefundCreate and <= LifeStep.RefundClose or LifeStep.RefundExchangeConfirm or LifeStep.RefundExchangeSend or LifeStep.RefundRevision;
}
