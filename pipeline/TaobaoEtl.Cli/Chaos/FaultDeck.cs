namespace TaobaoEtl.Cli.Chaos;

/// <summary>
/// Draws fault kinds like cards from a seeded shuffled deck, reshuffled when empty: every kind comes up within a
/// deck's length of draws, so a run of ten-odd steps exercises each kind, and the seed still decides the order.
/// </summary>
internal sealed class FaultDeck(Random random, IReadOnlyList<FaultKind> kinds)
{
    private readonly Queue<FaultKind> _cards = new();

    public FaultKind Draw()
    {
        if (_cards.Count == 0)
        {
            var shuffled = kinds.ToArray();
            random.Shuffle(shuffled);
            foreach (var kind in shuffled) _cards.Enqueue(kind);
        }

        return _cards.Dequeue();
    }
}
