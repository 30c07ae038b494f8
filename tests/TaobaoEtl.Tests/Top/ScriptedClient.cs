using NodaTime;
using NodaTime.Testing;
using TaobaoEtl.Configuration;
using TaobaoEtl.Top;

namespace TaobaoEtl.Tests.Top;

/// <summary>A <see cref="TopClient"/> wired to a <see cref="ScriptedGateway"/>, with a captured log and a fake business clock.</summary>
internal sealed class ScriptedClient : IDisposable
{
    public const string AppKey = "12345678";
    public const string AppSecret = "s3cr3t-APP-SECRET-9f8e7d";
    public const string SessionValue = "6100e21SESSIONabcdef0123456789";

    // 2026-11-11 16:00:05 UTC = 2026-11-12 00:00:05 GMT+8.
    public static readonly Instant Now = Instant.FromUtc(2026, 11, 11, 16, 0, 5);

    public ScriptedClient(string url, Action<TopOptions>? configure = null, TimeProvider? timeProvider = null)
    {
        Options = new TopOptions
        {
            GatewayUrl = new Uri(url),
            AppKey = AppKey,
            AppSecret = AppSecret,
            SignMethod = TopSignMethod.HmacSha256,
            CallsPerSecond = 1000,
            MaxAttempts = 4,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            RetryMaxDelay = TimeSpan.FromMilliseconds(5),
            CallTimeout = TimeSpan.FromSeconds(5),
            BanJitter = TimeSpan.Zero,
        };
        configure?.Invoke(Options);
        var time = timeProvider ?? TimeProvider.System;
        Gate = RateGate.FromOptions(Options, time);
        Counters = new TopCallCounters();
        Clock = new FakeClock(Now);
        Client = new TopClient(Options, Gate, Counters, Clock, time, Log);
    }

    public TopOptions Options { get; }
    public RateGate Gate { get; }
    public TopCallCounters Counters { get; }
    public FakeClock Clock { get; }
    public CapturingLogger<TopClient> Log { get; } = new();
    public TopClient Client { get; }
    public TopSession Session { get; } = new(SessionValue);

    public void Dispose()
    {
        Client.Dispose();
        Gate.Dispose();
        Counters.Dispose();
    }
}
