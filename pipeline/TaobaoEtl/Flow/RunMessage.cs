using TaobaoEtl.Configuration;
using TaobaoEtl.Top;

namespace TaobaoEtl.Flow;

/// <summary>
/// The one wording of <c>etl.run.message</c>, for every command (the windows' runs and <c>refetch</c>): what stopped
/// the run (or, when nothing did, what it left owed), then every shop stopped alone, one line each naming its shop.
/// Null when there is nothing to say. Masked by the configured secrets: an exception's text may echo what was sent
/// (a connection string, a session).
/// </summary>
public static class RunMessage
{
    public static string? Of(Exception? error, IReadOnlyList<ShopStop> stops, string? owed, SecretRedactor redactor)
    {
        ArgumentNullException.ThrowIfNull(stops);
        var lines = stops.Select(stop => stop.Message).ToList();
        if (error is not null) lines.Insert(0, Describe(error));
        else if (owed is not null) lines.Insert(0, owed);
        return lines.Count == 0 ? null : redactor.Redact(string.Join("\n", lines));
    }

    private static string Describe(Exception error) => error switch
    {
        TopException top => top.Message,
        OperationCanceledException => "cancelled; committed work is kept",
        _ => error.GetType().Name + ": " + error.Message,
    };
}
