namespace TaobaoEtl.Top;

/// <summary>
/// The door every call to the platform passes for one app key. The platform counts calls and bans per app key, not
/// per process, so the door is an interface: <see cref="RateGate"/> keeps the count in this process; a bucket shared
/// through PostgreSQL can keep it for every worker of the app key without the client noticing.
/// </summary>
public interface IRateGate
{
    /// <summary>Returns when the caller may send: no ban holds the app key and the rate has room for one more call.</summary>
    /// <exception cref="TopQuotaExhaustedException">A ban longer than the run waits holds the app key.</exception>
    ValueTask WaitAsync(CancellationToken cancellationToken);

    /// <summary>
    /// A code 7 answer: holds every caller back for <paramref name="banLength"/>. False when the ban is longer than
    /// the run waits: then waiting callers are stopped instead of held, and the caller stops with <see cref="StopFor"/>.
    /// </summary>
    bool Close(TimeSpan banLength, string method, string? subCode, string? subMsg, string? requestId);

    /// <summary>The stop a ban that is not waited out gives its caller, dated by when the ban ends.</summary>
    TopQuotaExhaustedException StopFor(string method, string? subCode, string? subMsg, string? requestId, TimeSpan banLength);
}
