namespace TaobaoEtl.Configuration;

/// <summary>One invalid setting, named by its configuration key (e.g. <c>Top:CallsPerSecond</c>).</summary>
public sealed record ConfigurationError(string Key, string Message)
{
    public override string ToString() => $"{Key}: {Message}";
}

/// <summary>Thrown when the configuration cannot be used; the message names every bad setting.</summary>
public sealed class InvalidConfigurationException(IReadOnlyList<ConfigurationError> errors)
    : Exception("Invalid configuration: " + string.Join("; ", errors))
{
    public IReadOnlyList<ConfigurationError> Errors { get; } = errors;
}
