namespace TaobaoEtl.TopSim.Gateway.Methods;

/// <summary><c>taobao.time.get</c>: the platform clock (the simulated one).</summary>
internal static class TimeGet
{
    public static Answer Handle(CallContext c) => new Success(w => w.WriteString("time", PlatformTime.Format(c.Now)));
}
