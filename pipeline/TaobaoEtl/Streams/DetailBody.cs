using NodaTime;
using TaobaoEtl.Top;

namespace TaobaoEtl.Streams;

/// <summary>What a stream's detail call gave for one id: the object's JSON as the platform sent it, and the answer it came in.</summary>
internal sealed record DetailBody(long Id, ReadOnlyMemory<byte> Json, TopAnswer Answer)
{
    /// <summary>The version's <c>fetched_at</c>: a lower bound of the platform's read (<see cref="TopAnswer.ReadNotBefore"/>).</summary>
    public Instant ReadNotBefore => Answer.ReadNotBefore;
}
