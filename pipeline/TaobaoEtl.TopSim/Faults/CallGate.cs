using TaobaoEtl.TopSim.Gateway;

namespace TaobaoEtl.TopSim.Faults;

/// <summary>
/// The app key's call limits on the host's real clock: calls per second and per day (GMT+8). A breach starts a
/// ban; every call during a ban is refused with code 7 and the seconds left, as the real gateway does.
/// </summary>
internal sealed class CallGate(TimeProvider real, SimStats stats)
{
    private const string FrequencyLimit = "accesscontrol.limited-by-api-access-count";
    private const string QuotaLimit = "accesscontrol.limited-by-app-access-count";
    private static readonly TimeSpan Gmt8 = TimeSpan.FromHours(8);
    private readonly Lock _gate = new();
    private long _second = long.MinValue;
    private int _thisSecond;
    private long _day = long.MinValue;
    private long _today;
    private DateTimeOffset _banUntil = DateTimeOffset.MinValue;
    private string _banSubCode = FrequencyLimit;

    public TopError? Admit(FaultOptions faults)
    {
        var now = real.GetUtcNow();
        lock (_gate)
        {
            if (now < _banUntil)
            {
                stats.Refused();
                return TopError.Banned(_banSubCode, SecondsLeft(now));
            }

            var second = now.ToUnixTimeSeconds();
            if (second != _second)
            {
                _second = second;
                _thisSecond = 0;
            }

            if (faults.CallsPerSecond > 0 && ++_thisSecond > faults.CallsPerSecond)
                return StartBan(now, now.AddSeconds(faults.BanSeconds), FrequencyLimit);

            var day = (long)Math.Floor((now + Gmt8).ToUnixTimeSeconds() / 86_400.0);
            if (day != _day)
            {
                _day = day;
                _today = 0;
            }

            if (faults.DailyQuota > 0 && ++_today > faults.DailyQuota)
                return StartBan(now, DateTimeOffset.FromUnixTimeSeconds((day + 1) * 86_400) - Gmt8, QuotaLimit);
        }

        return null;
    }

    /// <summary>A ban now, as a chaos harness asks: the next calls are refused for <paramref name="length"/>.</summary>
    public void BanNow(TimeSpan length)
    {
        var now = real.GetUtcNow();
        lock (_gate) StartBan(now, now + length, FrequencyLimit);
    }

    private TopError StartBan(DateTimeOffset now, DateTimeOffset until, string subCode)
    {
        _banUntil = until;
        _banSubCode = subCode;
        stats.Ban();
        stats.Injected(subCode == QuotaLimit ? "daily_quota_ban" : "call_limit_ban");
        return TopError.Banned(subCode, SecondsLeft(now));
    }

    private long SecondsLeft(DateTimeOffset now) => Math.Max(1, (long)Math.Ceiling((_banUntil - now).TotalSeconds));
}
