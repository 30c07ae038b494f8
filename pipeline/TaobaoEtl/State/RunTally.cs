namespace TaobaoEtl.State;

/// <summary>
/// What a run did, for its <c>etl.run</c> row and summary. <see cref="ApiCalls"/> counts calls by
/// method and outcome (keys such as <c>trades.sold.increment.get:ok</c>; the client decides the keys).
/// </summary>
public sealed record RunTally(
    int Windows,
    int Pages,
    long TidsListed,
    long DetailCalls,
    long SkippedKnown,
    long RowsWritten,
    int DeadLetters,
    int Quarantined,
    IReadOnlyDictionary<string, long> ApiCalls,
    decimal? TradesPerSecond);
