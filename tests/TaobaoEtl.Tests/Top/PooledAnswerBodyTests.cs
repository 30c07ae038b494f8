using System.Text;
using TaobaoEtl.Top;

namespace TaobaoEtl.Tests.Top;

public sealed class PooledAnswerBodyTests
{
    // A stream that hands out at most a few bytes per read, as a socket does.
    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 7)], cancellationToken);
    }

    private static byte[] Body(int length) => Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, length / 10 + 1).Select(i => $"{i,9};")))[..length];

    [Theory]
    [InlineData(null)]   // no Content-Length
    [InlineData(10L)]    // one far too small
    [InlineData(0L)]
    [InlineData(5_000_000L)] // one too large
    public async Task The_whole_body_is_read_whatever_length_the_gateway_announced(long? announced)
    {
        var data = Body(100_000);

        using var body = await PooledAnswerBody.ReadAsync(new TrickleStream(data), announced, CancellationToken.None);

        Assert.Equal(data.Length, body.Length);
        Assert.True(body.Span.SequenceEqual(data));
    }

    [Fact]
    public async Task An_empty_body_is_empty()
    {
        using var body = await PooledAnswerBody.ReadAsync(new MemoryStream(), 0, CancellationToken.None);

        Assert.Equal(0, body.Length);
    }
}
