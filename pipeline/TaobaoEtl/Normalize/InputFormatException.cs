namespace TaobaoEtl.Normalize;

/// <summary>
/// Raised inside a normalizer when a field cannot be mapped; never leaves the normalizer, which turns it
/// into a <see cref="Rejection"/>. The message names the field path and what was wrong with it.
/// </summary>
internal sealed class InputFormatException(string field, string problem) : Exception($"{field}: {problem}")
{
    public string Field { get; } = field;
    public string Problem { get; } = problem;

    public InputFormatException Within(string prefix) => new(prefix + Field, Problem);
}
