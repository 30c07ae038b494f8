using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using TaobaoEtl.Top;

namespace TaobaoEtl.Tests.Top;

public sealed class TopCallCountersTests
{
    [Fact]
    public void Calls_are_published_as_a_metric_tagged_by_method_and_outcome_and_kept_for_the_run_summary()
    {
        const string method = "taobao.counters.test";
        var seen = new ConcurrentQueue<(long Value, string? Method, string? Outcome)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == TopCallCounters.MeterName && instrument.Name == "taobaoetl.top.calls")
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? m = null, o = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "method") m = tag.Value as string;
                if (tag.Key == "outcome") o = tag.Value as string;
            }
            if (m == method) seen.Enqueue((value, m, o));
        });
        listener.Start();

        using var counters = new TopCallCounters();
        counters.RecordCall(method, TopCallOutcome.Success);
        counters.RecordCall(method, TopCallOutcome.Success);
        counters.RecordCall(method, TopCallOutcome.Transient);
        counters.RecordRetry(method);

        Assert.Equal(2, seen.Count(s => s.Outcome == "Success"));
        Assert.Equal(1, seen.Count(s => s.Outcome == "Transient"));
        var snapshot = counters.Snapshot();
        Assert.Equal(2, snapshot.Count(method, TopCallOutcome.Success));
        Assert.Equal(3, snapshot.Count(method));
        Assert.Equal(3, snapshot.Total);
        Assert.Equal(1, snapshot.Retries);
    }
}
