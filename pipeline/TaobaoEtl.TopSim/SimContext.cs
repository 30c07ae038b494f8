using TaobaoEtl.TopSim.Faults;
using TaobaoEtl.TopSim.Tmc;
using TaobaoEtl.TopSim.World;

namespace TaobaoEtl.TopSim;

/// <summary>Everything one running simulator holds; shared by the gateway and the control endpoints.</summary>
internal sealed class SimContext
{
    private FaultOptions _faults;

    public SimContext(TradeWorld world, SimClock clock, FaultOptions faults, TimeProvider real, string appKey, string appSecret)
    {
        World = world;
        Clock = clock;
        _faults = faults;
        Real = real;
        AppKey = appKey;
        AppSecret = appSecret;
        Sheets = new TradeSheetFactory(world);
        Index = new ListIndex(world);
        Stats = new SimStats();
        Gate = new CallGate(real, Stats);
        Messages = new MessageService(world, Sheets, Stats);
        Churn = new PagingChurn(world, Stats);
        RefundChurn = new RefundChurn(world, Stats);
        world.TextRates.Start(faults.MessyTextRate);
    }

    public TradeWorld World { get; }
    public SimClock Clock { get; }
    public TimeProvider Real { get; }
    public string AppKey { get; }
    public string AppSecret { get; }
    public TradeSheetFactory Sheets { get; }
    public ListIndex Index { get; }
    public SimStats Stats { get; }
    public CallGate Gate { get; }
    public MessageService Messages { get; }
    public PagingChurn Churn { get; }
    public RefundChurn RefundChurn { get; }

    /// <summary>The switches in force; replaced whole (never mutated) so a call sees one consistent set.</summary>
    public FaultOptions Faults
    {
        get => Volatile.Read(ref _faults);
        set
        {
            // Text is content: a new rate reaches only trades created after now (TextRateLedger). A second of margin
            // so that a call reading the running clock while this swap happens has seen no trade the new rate covers.
            World.TextRates.Change(World.ToMs(Clock.Now) + 1000, value.MessyTextRate);
            Volatile.Write(ref _faults, value);
        }
    }
}
