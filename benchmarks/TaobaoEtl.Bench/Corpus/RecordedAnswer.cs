using NodaTime;

namespace TaobaoEtl.Bench.Corpus;

/// <summary>One gateway answer exactly as it came over the wire: the envelope bytes and the instant of its <c>Date</c> header.</summary>
public sealed record RecordedAnswer(byte[] Envelope, Instant AnsweredAt);
