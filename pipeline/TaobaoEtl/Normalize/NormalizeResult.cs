using System.Diagnostics.CodeAnalysis;

namespace TaobaoEtl.Normalize;

/// <summary>
/// Either the rows an input maps to or the reason it cannot be mapped, as a value (like NodaTime's
/// <c>ParseResult</c>): bad input is an outcome of normalizing, not an exception, so the caller cannot
/// forget to route it to quarantine.
/// </summary>
public sealed class NormalizeResult<T> where T : class
{
    private readonly T? _value;

    private NormalizeResult(T? value, Rejection? rejection)
    {
        _value = value;
        Rejection = rejection;
    }

    /// <summary>True when the input mapped to rows.</summary>
    [MemberNotNullWhen(true, nameof(AcceptedValue))]
    [MemberNotNullWhen(false, nameof(Rejection))]
    public bool IsAccepted => _value is not null;

    /// <summary>The rows, or null when rejected. Prefer <see cref="Value"/> after checking <see cref="IsAccepted"/>.</summary>
    public T? AcceptedValue => _value;

    /// <summary>Why the input was rejected; null when accepted.</summary>
    public Rejection? Rejection { get; }

    /// <summary>The rows; throws with the rejection's reason when the input was rejected.</summary>
    public T Value => _value ?? throw new InvalidOperationException($"The input was rejected: {Rejection!.Reason}");

    public static NormalizeResult<T> Accept(T value) => new(value ?? throw new ArgumentNullException(nameof(value)), null);

    public static NormalizeResult<T> Reject(Rejection rejection) => new(null, rejection ?? throw new ArgumentNullException(nameof(rejection)));
}
