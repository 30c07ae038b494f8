using System.ComponentModel.DataAnnotations;

namespace TaobaoEtl.Configuration;

/// <summary>How the pipeline reaches the Taobao Open Platform (the real gateway or TopSim).</summary>
public sealed class TopOptions
{
    public const string Section = "Top";

    /// <summary>Gateway URL, e.g. https://eco.taobao.com/router/rest. Empty: the embedded TopSim.</summary>
    public string GatewayUrl { get; set; } = "";

    public string AppKey { get; set; } = "";

    /// <summary>The app secret. A secret: never logged, never in an exception text.</summary>
    public string AppSecret { get; set; } = "";

    [RegularExpression("^(md5|hmac|hmac-sha256)$", ErrorMessage = "must be md5, hmac or hmac-sha256")]
    public string SignMethod { get; set; } = "hmac-sha256";

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
}
