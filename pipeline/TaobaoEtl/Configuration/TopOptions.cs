using System.ComponentModel.DataAnnotations;
using TaobaoEtl.Top;

namespace TaobaoEtl.Configuration;

/// <summary>How the pipeline reaches the Taobao Open Platform (the real gateway or TopSim).</summary>
public sealed class TopOptions
{
    public const string Section = "Top";

    /// <summary>
    /// Gateway URL, an absolute http or https URL such as https://eco.taobao.com/router/rest. Unset (or empty): no
    /// platform, so the sync commands refuse to start; the demo brings its own TopSim.
    /// </summary>
    public Uri? GatewayUrl { get; set; }

    public string AppKey { get; set; } = "";

    /// <summary>The app secret. A secret: never logged, never in an exception text.</summary>
    public string AppSecret { get; set; } = "";

    public TopSignMethod SignMethod { get; set; } = TopSignMethod.HmacSha256;

    /// <summary>The app key's allowed calls per second; the shared token bucket is sized from it.</summary>
    [Range(1, 100_000)]
    public int CallsPerSecond { get; set; } = 100;

    /// <summary>Connections kept open to the gateway.</summary>
    [Range(1, 1024)]
    public int MaxConnections { get; set; } = 64;

    /// <summary>Per-call timeout.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts per call for transient (isp.*, 5xx, network) failures.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 6;

    /// <summary>Failure ratio over the sampling window that opens the circuit breaker (the seed: 5%).</summary>
    [Range(0.001, 1.0)]
    public double BreakerFailureRatio { get; set; } = 0.05;
    /// <summary>First retry delay of the exponential backoff for transient failures (jitter is added).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest single backoff delay.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Window over which the circuit breaker measures the failure ratio.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:10:00")]
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Calls the breaker must see in its window before it may open (a few early failures are not a trend).</summary>
    [Range(2, 1_000_000)]
    public int BreakerMinimumThroughput { get; set; } = 100;

    /// <summary>How long an open breaker holds every call back before it lets one through to probe.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:10:00")]
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long one call waits out an open breaker (its breaks and failed probes) before it fails as transient and the run
    /// stops with 69. The seed's breaker opens at 5% failures, which a peak's error storm crosses for minutes: the breaker
    /// slows the run down (the seed's "degrade"), it must not end it. Zero fails a held-back call at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan BreakerPatience { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The longest ban (code 7) the run waits out. A longer ban (the app key's daily quota runs until midnight
    /// GMT+8) stops the run cleanly instead, to be resumed by the next run.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxBanWait { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Largest random delay added to the end of a ban, so all waiting callers do not resume in the same instant.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan BanJitter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often one call is retried after waiting out a ban before it gives up.</summary>
    [Range(0, 100)]
    public int MaxBanRetries { get; set; } = 10;

    /// <summary>
    /// Margin added to the one-second window in which at most CallsPerSecond calls are sent, so network jitter cannot
    /// put one call too many into a platform second. The achievable rate is CallsPerSecond / (1 s + margin).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:00.500")]
    public TimeSpan RateWindowMargin { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Calls the token bucket lets through at once on top of the steady rate; 0 = one refill's worth.</summary>
    [Range(0, 100_000)]
    public int RateBurst { get; set; }
}
