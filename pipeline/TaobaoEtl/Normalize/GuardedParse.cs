using NodaTime;

namespace TaobaoEtl.Normalize;

/// <summary>
/// The one way a normalizer turns bad input into a <see cref="Rejection"/> instead of a throw: text that
/// PostgreSQL's <c>jsonb</c> would refuse, malformed JSON, invalid UTF-8 and the parser's own
/// <see cref="InputFormatException"/> all end in quarantine with the raw text and the reason.
/// </summary>
internal static class GuardedParse
{
    /// <summary>A normalizer's parser; it sets <paramref name="tid"/> as soon as it reads it, so a rejection can name the trade.</summary>
    public delegate T Parser<out T>(ReadOnlySpan<byte> json, string shopId, Instant fetchedAt, ref long? tid);

    /// <param name="what">The input's name in reasons ("trade", "refund").</param>
    /// <param name="source">The rejection's source (<see cref="Rejection.TradeSource"/>, <see cref="Rejection.RefundSource"/>).</param>
    /// <param name="askedTid">
    /// The tid the caller asked the platform for, when it asked for one. A rejection always names it (never the tid the
    /// input claims, which may be unreadable or wrong): the rejection is how the asked trade stays owed and retried.
    /// </param>
    public static NormalizeResult<T> Run<T>(ReadOnlySpan<byte> input, string what, string source, string shopId, Instant fetchedAt,
        long? askedTid, Parser<T> parse) where T : class
    {
        ArgumentException.ThrowIfNullOrEmpty(shopId);
        long? read = null;
        var result = Run(input, what, source, shopId, fetchedAt, parse, ref read);
        if (result.IsAccepted || askedTid is null || result.Rejection.Tid == askedTid) return result;
        return NormalizeResult<T>.Reject(result.Rejection with { Tid = askedTid });
    }

    private static NormalizeResult<T> Run<T>(ReadOnlySpan<byte> input, string what, string source, string shopId, Instant fetchedAt,
        Parser<T> parse, ref long? tid) where T : class
    {
        try
        {
            if (RawText.JsonbProblem(input) is { } problem) throw new InputFormatException(what, problem);
            return NormalizeResult<T>.Accept(parse(input, shopId, fetchedAt, ref tid));
        }
        catch (InputFormatException ex)
        {
            return Reject<T>(input, source, shopId, tid, ex.Message);
        }
        catch (System.Text.Json.JsonException ex)
        {
            return Reject<T>(input, source, shopId, tid, $"not valid JSON: {ex.Message}");
        }
        catch (InvalidOperationException ex)
        {
            // Utf8JsonReader reports invalid UTF-8 inside a string this way.
            return Reject<T>(input, source, shopId, tid, $"not valid JSON text: {ex.Message}");
        }
    }

    private static NormalizeResult<T> Reject<T>(ReadOnlySpan<byte> input, string source, string shopId, long? tid, string reason) where T : class =>
        NormalizeResult<T>.Reject(new Rejection(shopId, source, tid, reason, RawText.From(input)));
}
