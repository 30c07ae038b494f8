using System.Runtime.InteropServices;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using TaobaoEtl.Top.Wire;

namespace TaobaoEtl.Benchmarks;

/// <summary>
/// Reading a page of 100 trades off the wire as <c>TopClient</c> does (source-generated envelopes): one
/// <c>trades.sold.get</c> list page (tids and versions), and the 100 <c>trade.fullinfo.get</c> answers of its
/// details, each down to the raw trade bytes the normalizer and <c>raw.trade</c> take. Recorded from TopSim.
/// </summary>
[MemoryDiagnoser]
public class EnvelopeBenchmarks
{
    private byte[] _listPage = [];
    private byte[][] _fullInfoPage = [];

    [GlobalSetup]
    public async Task Setup()
    {
        var sample = await SimTrades.RecordAsync(100);
        _listPage = sample.ListPage;
        _fullInfoPage = [.. sample.Trades.Select(t => t.Envelope)];
        if (ParseListPageOf100() != 100 || ParseFullInfoPageOf100() == 0)
            throw new InvalidOperationException("The recorded pages must parse to 100 trades.");
    }

    /// <summary>Returns the trades read so the work cannot be optimized away.</summary>
    [Benchmark]
    public int ParseListPageOf100()
    {
        var envelope = JsonSerializer.Deserialize(_listPage, TopJsonContext.Default.TradesSoldGetEnvelope);
        return envelope?.Response?.Trades?.Trade?.Count ?? 0;
    }

    /// <summary>Returns the bytes of raw trade JSON extracted.</summary>
    [Benchmark]
    public long ParseFullInfoPageOf100()
    {
        long bytes = 0;
        foreach (var answer in _fullInfoPage)
        {
            var envelope = JsonSerializer.Deserialize(answer, TopJsonContext.Default.TradeFullinfoGetEnvelope);
            if (envelope?.Response?.Trade is { ValueKind: JsonValueKind.Object } trade)
                bytes += JsonMarshal.GetRawUtf8Value(trade).ToArray().Length;
        }

        return bytes;
    }
}
