using System.Buffers;
using System.Text;
using System.Text.Json;

namespace TaobaoEtl.Normalize;

/// <summary>
/// A property name as chars without allocating, so the normalizers can <c>switch</c> on field names
/// (the compiler turns that into a length-and-character jump table: no reflection, no dictionary).
/// </summary>
internal static class PropertyName
{
    public const int BufferLength = 64;

    public static ReadOnlySpan<char> Read(in Utf8JsonReader reader, Span<char> buffer)
    {
        var span = reader.ValueSpan;
        if (!reader.ValueIsEscaped && span.Length <= buffer.Length
            && Ascii.ToUtf16(span, buffer, out var written) == OperationStatus.Done)
            return buffer[..written];
        return reader.GetString();
    }
}
