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
    /// <summary>Code 520: the trade service is overloaded (a throttle).</summary>
    Overloaded,
    /// <summary>The app's credentials were refused (codes 25, 28, 29).</summary>
    BadCredentials,
    /// <summary>An error the platform's list does not explain.</summary>
    Unrecognized,
    /// <summary>A body that is no valid answer.</summary>
    MalformedAnswer,
    /// <summary>The gateway refused the HTTP request (4xx other than 408/429).</summary>
    GatewayRefused,
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
        TopErrorKind.Overloaded => TopCallOutcome.Overloaded,
        TopErrorKind.BadCredentials => TopCallOutcome.BadCredentials,
        TopErrorKind.Unrecognized => TopCallOutcome.Unrecognized,
        TopErrorKind.MalformedAnswer => TopCallOutcome.MalformedAnswer,
        TopErrorKind.GatewayRefused => TopCallOutcome.GatewayRefused,
        _ => TopCallOutcome.CallerError,
    };
}
