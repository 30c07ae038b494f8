using BenchmarkDotNet.Attributes;
using TaobaoEtl.Top;

namespace TaobaoEtl.Benchmarks;

/// <summary>
/// Signing one <c>taobao.trade.fullinfo.get</c> request (system parameters, the long fields list, a tid) with each
/// sign method: paid once per call, so at 100 calls/s it must stay far below a millisecond.
/// </summary>
[MemoryDiagnoser]
public class SigningBenchmarks
{
    private const string Secret = "8f14e45fceea167a5a36dedd4bea2543";
    private KeyValuePair<string, string>[] _parameters = [];

    [Params(TopSignMethod.Md5, TopSignMethod.Hmac, TopSignMethod.HmacSha256)]
    public TopSignMethod Method { get; set; }

    [GlobalSetup]
    public void Setup() => _parameters =
    [
        new("method", "taobao.trade.fullinfo.get"),
        new("app_key", "21234567"),
        new("timestamp", "2026-11-11 00:05:13"),
        new("format", "json"),
        new("v", "2.0"),
        new("sign_method", Method.WireName()),
        new("session", "6100e2b8ZZ1f3a0a1c9b5fc0d3e1f2a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4"),
        new("fields", TradeFields.FullInfo),
        new("tid", "3104567890123456789"),
    ];

    [Benchmark]
    public string Sign() => TopSigner.Sign(_parameters, Secret, Method);
}
