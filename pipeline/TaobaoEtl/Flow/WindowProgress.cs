using TaobaoEtl.State;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Flow;

/// <summary>
/// One window's way through a run. A window is done only when every page is listed AND every trade it
/// sent on is committed (written, dead-lettered or quarantined) or skipped as known. Its
/// <see cref="WindowDoneCheckpoint"/> is claimed exactly once: by the sink batch that takes the window's
/// last trade while no other batch of the window is still uncommitted (it rides in that transaction),
/// or — when the last trade was committed before the listing finished, or a batch was still in flight —
/// by whoever observes the condition last, to be committed alone. Never before, so a crash can only
/// forget progress, never invent it.
/// </summary>
public sealed class WindowProgress
{
    private readonly Lock _gate = new();
    private int _pending;
    private int _inFlight;
    private bool _listed;
    private bool _claimed;
    private int _pages;
    private int _tidsListed;
    private int _fetched;
    private int _skipped;

    public WindowProgress(SyncShop shop, TradeWindow window, long? runId)
    {
        ArgumentNullException.ThrowIfNull(shop);
        ArgumentNullException.ThrowIfNull(window);
        if (!string.Equals(shop.ShopId, window.ShopId, StringComparison.Ordinal))
            throw new ArgumentException("The window belongs to another shop.", nameof(window));
        Shop = shop;
        Window = window;
        RunId = runId;
    }

    public SyncShop Shop { get; }
    public TradeWindow Window { get; }
    public long? RunId { get; }

    /// <summary>True once the checkpoint was claimed (committed, or riding in a batch being committed).</summary>
    public bool IsClaimed
    {
        get { lock (_gate) return _claimed; }
    }

    /// <summary>A listed page sent <paramref name="trades"/> trades on; they are pending until resolved.</summary>
    public void AddListed(int trades)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trades);
        lock (_gate)
        {
            ThrowIfListed();
            _pages++;
            _pending += trades;
        }
    }

    /// <summary>The known filter found <paramref name="trades"/> current; true when the caller must commit the checkpoint alone.</summary>
    public bool Skip(int trades)
    {
        lock (_gate)
        {
            _pending -= trades;
            _skipped += trades;
            return TryClaimAlone();
        }
    }

    /// <summary>Every page is listed; true when the caller must commit the checkpoint alone.</summary>
    public bool MarkListed(int tidsListed)
    {
        lock (_gate)
        {
            ThrowIfListed();
            _listed = true;
            _tidsListed = tidsListed;
            return TryClaimAlone();
        }
    }

    /// <summary>
    /// A sink batch takes <paramref name="items"/> of the window's trades. True when the window's
    /// checkpoint must ride in this batch: its last trade is in it and no other batch of it is uncommitted.
    /// </summary>
    public bool EnterBatch(int items, int fetched)
    {
        lock (_gate)
        {
            _pending -= items;
            _fetched += fetched;
            _inFlight++;
            if (_pending < 0) throw new InvalidOperationException($"{Window} resolved more trades than it listed.");
            if (_claimed || !_listed || _pending != 0 || _inFlight != 1) return false;
            _claimed = true;
            return true;
        }
    }

    /// <summary>A batch of the window committed; true when the caller must now commit the checkpoint alone.</summary>
    public bool LeaveBatch()
    {
        lock (_gate)
        {
            _inFlight--;
            return TryClaimAlone();
        }
    }

    public WindowDoneCheckpoint Checkpoint()
    {
        lock (_gate)
            return new WindowDoneCheckpoint(Window, new WindowTally(_pages, _tidsListed, _fetched, _skipped), RunId);
    }

    private bool TryClaimAlone()
    {
        if (_claimed || !_listed || _pending != 0 || _inFlight != 0) return false;
        _claimed = true;
        return true;
    }

    private void ThrowIfListed()
    {
        if (_listed) throw new InvalidOperationException($"{Window} was already listed completely.");
    }

    public override string ToString() => Window.ToString();
}
