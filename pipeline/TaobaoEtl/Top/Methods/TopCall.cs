using TaobaoEtl.Top.Wire;

namespace TaobaoEtl.Top.Methods;

/// <summary>Reads one method's envelope; source generation needs each envelope's type at compile time.</summary>
internal delegate ITopEnvelope<TBody>? EnvelopeReader<out TBody>(ReadOnlySpan<byte> json) where TBody : TopBody;

/// <summary>
/// A request together with the envelope its answer comes in, so a call cannot be sent with one method's parameters
/// and read as another's answer.
/// </summary>
internal sealed record TopCall<TBody>(TopRequest Request, EnvelopeReader<TBody> Read) where TBody : TopBody;
