using System.ComponentModel.DataAnnotations;
using System.Reflection;
using NodaTime.Text;
using Npgsql;

namespace TaobaoEtl.Configuration;

/// <summary>What a command needs from the configuration.</summary>
[Flags]
public enum ConfigurationNeeds
{
    None = 0,
    Database = 1,
    Platform = 2,
}

/// <summary>
/// Validates the bound options once, at start, and reports every error in one pass so an operator fixes
/// the file once, not once per run. Error texts name keys and rules, never values (a value may be a secret).
/// </summary>
public static class EtlOptionsValidator
{
    public static IReadOnlyList<ConfigurationError> Validate(EtlOptions options, ConfigurationNeeds needs)
    {
        var errors = new List<ConfigurationError>();
        ValidateAnnotations(options.Top, TopOptions.Section, errors);
        ValidateAnnotations(options.Sync, SyncOptions.Section, errors);
        for (var i = 0; i < options.Shops.Count; i++)
            ValidateAnnotations(options.Shops[i], $"Shops:{i}", errors);

        ValidateShops(options, errors);

        // The binder takes a relative reference ("not a url", "/router/rest") as a Uri too: only an absolute http(s) one is a gateway.
        if (options.Top.GatewayUrl is { } gateway
            && (!gateway.IsAbsoluteUri || (gateway.Scheme != Uri.UriSchemeHttp && gateway.Scheme != Uri.UriSchemeHttps)))
        {
            errors.Add(new("Top:GatewayUrl", "must be an absolute http or https URL"));
        }

        if (needs.HasFlag(ConfigurationNeeds.Database))
            ValidateDatabase(options.Database, errors);

        if (needs.HasFlag(ConfigurationNeeds.Platform) && options.Top.GatewayUrl is not null)
        {
            // Against a real gateway every credential must be given; the embedded TopSim supplies its own.
            if (string.IsNullOrWhiteSpace(options.Top.AppKey)) errors.Add(new("Top:AppKey", "is required when Top:GatewayUrl is set"));
            if (string.IsNullOrWhiteSpace(options.Top.AppSecret)) errors.Add(new("Top:AppSecret", "is required when Top:GatewayUrl is set"));
            if (options.Shops.Count == 0) errors.Add(new("Shops", "at least one shop is required when Top:GatewayUrl is set"));
            for (var i = 0; i < options.Shops.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(options.Shops[i].Session))
                    errors.Add(new($"Shops:{i}:Session", "is required when Top:GatewayUrl is set"));
            }
        }

        return errors;
    }

    public static void ThrowIfInvalid(EtlOptions options, ConfigurationNeeds needs)
    {
        var errors = Validate(options, needs);
        if (errors.Count > 0) throw new InvalidConfigurationException(errors);
    }

    private static void ValidateDatabase(DatabaseOptions database, List<ConfigurationError> errors)
    {
        ValidateAnnotations(database, DatabaseOptions.Section, errors);
        if (string.IsNullOrWhiteSpace(database.ConnectionString)) return;
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString);
            if (string.IsNullOrEmpty(builder.Host))
                errors.Add(new("Database:ConnectionString", "has no Host"));
        }
        catch (ArgumentException)
        {
            // The parser's message may quote the string, password included: report the key only.
            errors.Add(new("Database:ConnectionString", "is not a valid Npgsql connection string"));
        }
    }

    private static void ValidateShops(EtlOptions options, List<ConfigurationError> errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Shops.Count; i++)
        {
            if (!string.IsNullOrEmpty(options.Shops[i].ShopId) && !seen.Add(options.Shops[i].ShopId))
                errors.Add(new($"Shops:{i}:ShopId", "is used by another shop"));
        }
    }

    private static void ValidateAnnotations(object target, string prefix, List<ConfigurationError> errors)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(target, new ValidationContext(target), results, validateAllProperties: true);
        foreach (var result in results)
        {
            foreach (var member in result.MemberNames.DefaultIfEmpty(""))
            {
                errors.Add(new(member.Length == 0 ? prefix : $"{prefix}:{member}",
                    RuleText(target, member, result.ErrorMessage)));
            }
        }
    }

    // DataAnnotations' default texts start with the member name; ours already lead with the key.
    private static string RuleText(object target, string member, string? message)
    {
        if (string.IsNullOrEmpty(message)) return "is invalid";
        var property = target.GetType().GetProperty(member, BindingFlags.Public | BindingFlags.Instance);
        if (property?.GetCustomAttribute<RequiredAttribute>() is not null && message.Contains("required", StringComparison.Ordinal))
            return "is required";
        if (property?.GetCustomAttribute<RangeAttribute>() is { } range && message.Contains("between", StringComparison.Ordinal))
            return $"must be between {range.Minimum} and {range.Maximum}";
        return message;
    }

}
