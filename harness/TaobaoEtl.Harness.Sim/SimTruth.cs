using System.Runtime.CompilerServices;
using System.Text.Json;
using NodaTime;
using TaobaoEtl.TopSim.Gateway;

namespace TaobaoEtl.Harness.Sim;

/// <summary>
/// The harnesses' reading of TopSim's <c>/sim/truth</c> NDJSON: a trade line, then the refund lines of that trade.
/// Its own reading, not the verify library's, so a bug in one is caught by the other.
/// </summary>
public static class SimTruth
{
    public static async IAsyncEnumerable<JsonElement> ReadLinesAsync(Stream ndjson, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(ndjson);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0) continue;
            using var json = JsonDocument.Parse(line);
            yield return json.RootElement.Clone();
        }
    }

    public static async Task<IReadOnlyList<TruthTrade>> ReadTradesAsync(Stream ndjson, CancellationToken cancellationToken)
    {
        var trades = new List<TruthTrade>();
        await foreach (var line in ReadLinesAsync(ndjson, cancellationToken))
        {
            switch (line.GetProperty("kind").GetString())
            {
                case "trade":
                    trades.Add(new TruthTrade(line.GetProperty("shop_id").GetInt64(), line.GetProperty("tid").GetInt64(),
                        Time(line, "created"), Time(line, "modified"), []));
                    break;
                case "refund":
                    trades[^1] = trades[^1] with { Refunds = [.. trades[^1].Refunds, new TruthRefund(line.GetProperty("refund_id").GetInt64(), Time(line, "modified"))] };
                    break;
            }
        }

        return trades;
    }

    // TopSim's own reading of its time text, not the library's: the sim and the product share no code.
    private static Instant Time(JsonElement line, string name)
    {
        var text = line.GetProperty(name).GetString();
        return PlatformTime.TryParse(text, out var instant) ? instant : throw new FormatException($"truth {name} '{text}' is not a platform time");
    }
}

/// <summary>One trade as the platform's truth has it now, with the refunds of its lines (every one, old and latest).</summary>
public sealed record TruthTrade(long ShopId, long Tid, Instant Created, Instant Modified, IReadOnlyList<TruthRefund> Refunds);

/// <summary>One refund as the platform's truth has it now.</summary>
public sealed record TruthRefund(long RefundId, Instant Modified);
