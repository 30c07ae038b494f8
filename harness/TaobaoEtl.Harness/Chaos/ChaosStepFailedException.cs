namespace TaobaoEtl.Harness.Chaos;

/// <summary>A sync step that neither succeeded nor stopped in a way the product promises to resume from.</summary>
internal sealed class ChaosStepFailedException(string message) : Exception(message);
