namespace TaobaoEtl.Top;

/// <summary>How one HTTP call to the gateway ended (one per attempt: a retried call counts twice).</summary>
public enum TopCallOutcome
{
    Success,
    Transient,
    CallerError,
    CallLimited,
    SessionInvalid,
    Permission,
    /// <summary>The caller cancelled while the call was in flight.</summary>
    Cancelled,
}

public static class TopCallOutcomes
{
    public static TopCallOutcome From(TopErrorKind kind) => kind switch
    {
        TopErrorKind.Transient => TopCallOutcome.Transient,
        TopErrorKind.CallerError => TopCallOutcome.CallerError,
        TopErrorKind.CallLimited => TopCallOutcome.CallLimited,
        TopErrorKind.SessionInvalid => TopCallOutcome.SessionInvalid,
        TopErrorKind.Permission => TopCallOutcome.Permission,
        _ => TopCallOutcome.CallerError,
    };
}
