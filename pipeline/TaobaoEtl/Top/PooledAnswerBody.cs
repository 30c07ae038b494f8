using System.Buffers;

namespace TaobaoEtl.Top;

/// <summary>
/// One answer's body read whole into a buffer rented from <see cref="ArrayPool{T}.Shared"/>, so a body that is no answer
/// can still be kept for quarantine without every good answer costing a fresh array (the parser copies what it keeps:
/// nothing outlives <see cref="Dispose"/>). Grows by renting a larger buffer, as <c>ReadAsByteArrayAsync</c> does, so a
/// wrong or absent Content-Length only costs a copy.
/// </summary>
internal sealed class PooledAnswerBody : IDisposable
{
    private const int DefaultSize = 16 * 1024;
    // A Content-Length is the gateway's word, not a fact: a hostile one must not reserve gigabytes before a byte came.
    private const int MaxInitialSize = 1 << 20;
    private byte[]? _buffer;
    private int _length;

    private PooledAnswerBody(byte[] buffer) => _buffer = buffer;

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, _length);

    public int Length => _length;

    public static async Task<PooledAnswerBody> ReadAsync(Stream stream, long? contentLength, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        // One byte past the announced length, so the read that sees the end needs no larger buffer.
        var initial = contentLength is { } announced && announced >= 0 ? (int)Math.Min(announced + 1, MaxInitialSize) : DefaultSize;
        var body = new PooledAnswerBody(ArrayPool<byte>.Shared.Rent(initial));
        try
        {
            while (true)
            {
                if (body._length == body._buffer!.Length) body.Grow();
                var read = await stream.ReadAsync(body._buffer.AsMemory(body._length), cancellationToken).ConfigureAwait(false);
                if (read == 0) return body;
                body._length += read;
            }
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    private void Grow()
    {
        var old = _buffer!;
        if (old.Length >= Array.MaxLength) throw new IOException("The answer is larger than the largest array.");
        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(Array.MaxLength, 2L * old.Length));
        old.AsSpan(0, _length).CopyTo(larger);
        _buffer = larger;
        ArrayPool<byte>.Shared.Return(old);
    }

    public void Dispose()
    {
        if (_buffer is { } buffer) ArrayPool<byte>.Shared.Return(buffer);
        _buffer = null;
        _length = 0;
    }
}
