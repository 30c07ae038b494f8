namespace TaobaoEtl.Harness.Chaos;

/// <summary>
/// Draws fault kinds like cards from a seeded shuffled deck, reshuffled when empty: every kind comes up within a
/// deck's length of draws, so a run of ten-odd steps exercises each kind, and the seed still decides the order.
/// With <c>firstDeckRotation</c> the first deck is dealt in the kinds' own order from that position on (then shuffled
/// decks follow): runs whose rotations tile the kinds meet every kind in their first few draws between them.
/// </summary>
internal sealed class FaultDeck
{
    private readonly Random _random;
    private readonly IReadOnlyList<FaultKind> _kinds;
    private readonly Queue<FaultKind> _cards = new();

    public FaultDeck(Random random, IReadOnlyList<FaultKind> kinds, int? firstDeckRotation = null)
    {
        _random = random;
        _kinds = kinds;
        if (firstDeckRotation is not { } rotation) return;
        for (var i = 0; i < kinds.Count; i++) _cards.Enqueue(kinds[(rotation + i) % kinds.Count]);
    }

    public FaultKind Draw()
    {
        if (_cards.Count == 0)
        {
            var shuffled = _kinds.ToArray();
            _random.Shuffle(shuffled);
            foreach (var kind in shuffled) _cards.Enqueue(kind);
        }

        return _cards.Dequeue();
    }
}
