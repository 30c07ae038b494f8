using System.Text.Json.Nodes;
using System.Text.Json;
using TaobaoEtl.Harness.Chaos;
using TaobaoEtl.TopSim;
using TaobaoEtl.Verify;

namespace TaobaoEtl.Tests.Harness;

public sealed class ChaosRunResultTests
{
    [Fact]
    public void A_run_that_lost_trades_names_its_first_offenders_in_its_json_line()
    {
        var offenders = Enumerable.Range(1, 12)
            .Select(i => new VerifyOffender(1000 + i, "shop-1", OffenceKind.Stale, $"modified staged 00:27:0{i % 10} truth 03:19:49"))
            .ToList();
        var result = Result(new VerifyReport { TradesTruth = 50, TradesDb = 50, Stale = 12, Offenders = offenders });

        using var line = JsonDocument.Parse(result.ToJson());

        var shown = line.RootElement.GetProperty("offenders").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(10, shown.Count);
        Assert.Equal(offenders[0].ToString(), shown[0]);
        Assert.Contains("tid 1001", shown[0], StringComparison.Ordinal);
        Assert.False(line.RootElement.GetProperty("clean").GetBoolean());
    }

    [Fact]
    public void A_clean_run_has_no_offenders_key()
    {
        var result = Result(new VerifyReport { TradesTruth = 50, TradesDb = 50 });
        result.Reconcile = new JsonObject { ["owed"] = 0, ["repaired"] = 0 };
        result.Reconciled = new VerifyReport { TradesTruth = 50, TradesDb = 50 };
        using var line = JsonDocument.Parse(result.ToJson());

        Assert.False(line.RootElement.TryGetProperty("offenders", out _));
        Assert.True(line.RootElement.GetProperty("clean").GetBoolean());
        Assert.Equal(0, line.RootElement.GetProperty("reconcile").GetProperty("owed").GetInt32());
    }

    [Fact]
    public void A_run_whose_final_reconcile_left_trades_owed_is_not_clean()
    {
        var result = Result(new VerifyReport { TradesTruth = 50, TradesDb = 50 });
        result.Reconcile = new JsonObject { ["owed"] = 2, ["repaired"] = 0 };
        result.Reconciled = new VerifyReport { TradesTruth = 50, TradesDb = 50 };

        Assert.False(result.Clean);
        Assert.False(result.ReconciledClean);
    }

    [Fact]
    public void A_run_that_never_reconciled_is_not_clean()
    {
        Assert.False(Result(new VerifyReport { TradesTruth = 50, TradesDb = 50 }).Clean);
    }

    private static ChaosRunResult Result(VerifyReport report) => new()
    {
        Seed = 2,
        Preset = SimPreset.Double11,
        Breakage = ChaosBreakage.None,
        Database = "chaos_2",
        Faults = new Dictionary<FaultKind, int>(),
        Endings = new Dictionary<string, int> { ["exit_0"] = 3 },
        Report = report,
    };
}
