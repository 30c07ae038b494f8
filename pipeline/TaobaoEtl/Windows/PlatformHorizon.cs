using NodaTime;

namespace TaobaoEtl.Windows;

/// <summary>
/// The oldest instant the list methods serve (top-api.md §3: "the last 3 months"): the platform's date
/// minus three calendar months, at 00:00 Asia/Shanghai. On 11-11 that is 08-11 00:00; a month end with no
/// such day three months back falls on that month's last day (05-31 → 02-28, 02-29 in a leap year),
/// NodaTime's <see cref="LocalDate.PlusMonths"/> rule. A request starting before it is refused
/// (<c>isv.invalid-parameter</c>, "只能查询三个月内的订单"), and it moves every midnight.
/// </summary>
public static class PlatformHorizon
{
    public const int Months = 3;

    /// <summary>The most days the horizon can hold before today (e.g. 05-01 → 02-01 → 89; 08-01 → 05-01 → 92).</summary>
    public const int MaxDays = 92;

    public static LocalDate DateOf(Instant platformNow) => PlatformTime.DateOf(platformNow).PlusMonths(-Months);

    public static Instant Of(Instant platformNow) => PlatformTime.StartOf(DateOf(platformNow));

    /// <summary>Whether the platform still serves a listing that starts at <paramref name="start"/>.</summary>
    public static bool Serves(Instant start, Instant platformNow) => start >= Of(platformNow);
}
