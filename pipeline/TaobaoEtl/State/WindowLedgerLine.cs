namespace TaobaoEtl.State;

/// <summary>One line of a ledger summary: the windows of one kind in one status, with their totals.</summary>
public sealed record WindowLedgerLine(string Kind, string Status, int Windows, long Pages, long Listed, long Fetched, long Skipped);
