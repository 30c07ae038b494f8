using System.Globalization;

namespace TaobaoEtl.TopSim.Gateway;

/// <summary>Cents as the platform's money string ("13.80").</summary>
internal static class Money
{
    public static string Text(long cents) =>
        (cents < 0 ? "-" : "") + (Math.Abs(cents) / 100).ToString(CultureInfo.InvariantCulture) + "." + (Math.Abs(cents) % 100).ToString("D2", CultureInfo.InvariantCulture);
}
