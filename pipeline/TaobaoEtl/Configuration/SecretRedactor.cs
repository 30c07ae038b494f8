using System.Text.RegularExpressions;
using Npgsql;

namespace TaobaoEtl.Configuration;

/// <summary>
/// Masks every configured secret — the app secret, every shop's session, the database password — in a text before it
/// is written anywhere people read (log lines, error lines, exception texts, quarantine reasons, run messages). The
/// platform and PostgreSQL echo what they were sent, and a paste lands in the wrong argument: naming keys instead of
/// values is not enough, so the values themselves are searched for.
/// </summary>
public sealed partial class SecretRedactor
{
    public const string Mask = "***";

    // Longest first, so a secret that contains another is masked whole rather than leaving its tail.
    private readonly string[] _secrets;

    private SecretRedactor(IEnumerable<string?> secrets) =>
        _secrets = secrets.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!).Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length).ThenBy(s => s, StringComparer.Ordinal).ToArray();

    /// <summary>Masks nothing.</summary>
    public static SecretRedactor None { get; } = new([]);

    /// <summary>How many distinct secrets are masked (0 means the configuration holds none).</summary>
    public int Count => _secrets.Length;

    /// <summary>The secrets of bound options.</summary>
    public static SecretRedactor FromOptions(EtlOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new([options.Top.AppSecret, .. options.Shops.Select(s => s.Session), Password(options.Database.ConnectionString)]);
    }

    /// <summary>
    /// The secrets of raw configuration pairs (<c>Top:AppSecret</c>, <c>Shops:N:Session</c>, the password of
    /// <c>Database:ConnectionString</c>), before binding: so even the text that reports a configuration that cannot be
    /// bound, or a command line that cannot be parsed, is masked.
    /// </summary>
    public static SecretRedactor FromSettings(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var secrets = new List<string?>();
        foreach (var (key, value) in settings)
        {
            if (string.IsNullOrEmpty(value)) continue;
            if (key.Equals("Top:AppSecret", StringComparison.OrdinalIgnoreCase) || SessionKey().IsMatch(key)) secrets.Add(value);
            else if (key.Equals("Database:ConnectionString", StringComparison.OrdinalIgnoreCase)) secrets.Add(Password(value));
        }

        return new(secrets);
    }

    /// <summary>The text with every occurrence of every secret replaced by <see cref="Mask"/>.</summary>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var secret in _secrets)
        {
            if (text.Contains(secret, StringComparison.Ordinal)) text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return text;
    }

    private static string? Password(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString)) return null;
        try
        {
            return new NpgsqlConnectionStringBuilder(connectionString).Password;
        }
        catch (ArgumentException)
        {
            // A string Npgsql refuses still may carry a password (the error that reports it must not show it).
            var match = PasswordInText().Match(connectionString);
            return match.Success ? match.Groups["value"].Value.Trim() : null;
        }
    }

    [GeneratedRegex(@"^Shops:\d+:Session$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SessionKey();

    [GeneratedRegex(@"(?:^|;)\s*(?:Password|Pwd|Psw)\s*=(?<value>[^;]*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PasswordInText();
}
