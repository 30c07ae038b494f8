namespace TaobaoEtl;

/// <summary>
/// The process exit codes a scheduler acts on (sysexits vocabulary). This is the only table of them;
/// the README repeats it.
/// </summary>
public enum ExitCode
{
    /// <summary>Done.</summary>
    Ok = 0,
    /// <summary>EX_USAGE: bad command-line arguments.</summary>
    Usage = 64,
    /// <summary>
    /// EX_DATAERR: missing or wrong orders: verification or reconciliation found them, or the run left trades
    /// or windows owed (recorded, retried by every later run, listed on stderr).
    /// </summary>
    DataError = 65,
    /// <summary>EX_NOINPUT: the watermark fell behind the platform's 3-month horizon; the platform no longer serves that range: run a backfill.</summary>
    BehindHorizon = 66,
    /// <summary>EX_UNAVAILABLE: the gateway or the database cannot be reached.</summary>
    Unavailable = 69,
    /// <summary>EX_SOFTWARE: an internal error (a bug).</summary>
    Software = 70,
    /// <summary>EX_TEMPFAIL: a ban or the daily quota stopped the run; the next run resumes.</summary>
    TemporaryFailure = 75,
    /// <summary>EX_NOPERM: the seller's session is invalid; re-authorize the shop.</summary>
    NoPermission = 77,
    /// <summary>EX_CONFIG: a missing or invalid setting.</summary>
    Config = 78,
}
