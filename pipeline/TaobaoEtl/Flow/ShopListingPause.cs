using System.Collections.Concurrent;

namespace TaobaoEtl.Flow;

/// <summary>
/// Pauses one shop's list calls (all its windows) while the platform's trade service asks us to wait
/// (code 520, "3分钟后再查询"); other shops' listing goes on. Time is the pipeline's <see cref="TimeProvider"/>.
/// </summary>
internal sealed class ShopListingPause(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, long> _until = new(StringComparer.Ordinal);

    /// <summary>No list call of <paramref name="shopId"/> starts before <paramref name="length"/> from now (a longer pause stays).</summary>
    public void Pause(string shopId, TimeSpan length)
    {
        var until = time.GetTimestamp() + (long)(length.TotalSeconds * time.TimestampFrequency);
        _until.AddOrUpdate(shopId, until, (_, old) => Math.Max(old, until));
    }

    /// <summary>Returns when <paramref name="shopId"/> may list again (at once when it is not paused).</summary>
    public async Task WaitAsync(string shopId, CancellationToken cancellationToken)
    {
        // A loop: another window of the shop can extend the pause while this one waits.
        while (_until.TryGetValue(shopId, out var until))
        {
            var left = time.GetElapsedTime(time.GetTimestamp(), until);
            if (left <= TimeSpan.Zero) return;
            await Task.Delay(left, time, cancellationToken);
        }
    }
}
