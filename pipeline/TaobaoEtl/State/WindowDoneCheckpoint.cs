using Npgsql;
using NpgsqlTypes;
using NodaTime;
using TaobaoEtl.Windows;

namespace TaobaoEtl.State;

/// <summary>
/// A window whose every trade is committed: the sink applies it in the transaction that commits the
/// window's last trade (or <see cref="WindowLedger.CommitAsync"/> alone, when nothing was left to write).
/// It records the window done with its tally and, for an increment slice, moves the stream's watermark
/// with <see cref="WatermarkAdvance"/> over the committed slices of the same pass (run), from the pass's first slice.
/// </summary>
public sealed class WindowDoneCheckpoint(TradeWindow window, WindowTally tally, long? runId) : ICheckpoint
{
    private const string LockWatermark = """
        SELECT watermark FROM etl.sync_state WHERE shop_id = $1 AND stream = $2 FOR UPDATE
        """;

    private const string MarkDone = """
        INSERT INTO etl.window AS w (shop_id, stream, kind, range_start, range_end, status, pages, listed, fetched, skipped, attempts, run_id)
        VALUES ($1, $2, $3, $4, $5, 'done', $6, $7, $8, $9, 1, $10)
        ON CONFLICT (shop_id, stream, kind, range_start) DO UPDATE SET
            range_end = excluded.range_end, status = 'done',
            pages = excluded.pages, listed = excluded.listed, fetched = excluded.fetched, skipped = excluded.skipped,
            attempts = greatest(w.attempts, 1), run_id = coalesce(excluded.run_id, w.run_id), updated_at = now()
        """;

    // Only the slices of this pass (its run): a pass plans one contiguous grid from watermark - look-back,
    // so its done slices are the continuous coverage the watermark may move over, from the pass's first slice
    // on (WatermarkAdvance). A done row of an older grid (another start or length, a row the new plan did not
    // replace) was listed by an earlier pass and could chain across a gap of this one; this pass lists that
    // stretch again anyway.
    private const string PassSlices = """
        SELECT range_start, range_end, status = 'done' FROM etl.window
        WHERE shop_id = $1 AND stream = $2 AND kind = 'increment_slice' AND run_id IS NOT DISTINCT FROM $3
        """;

    private const string MoveWatermark = """
        UPDATE etl.sync_state SET watermark = $3, updated_at = now()
        WHERE shop_id = $1 AND stream = $2 AND watermark < $3
        """;

    public TradeWindow Window { get; } = window ?? throw new ArgumentNullException(nameof(window));
    public WindowTally Tally { get; } = tally;
    public long? RunId { get; } = runId;

    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var stream = LedgerNames.Of(Window.Stream);
        Instant? watermark = null;
        if (Window.Kind == WindowKind.IncrementSlice)
        {
            // The watermark row is locked before the ledger is read: parallel sinks of one shop take their
            // turn here, and each reads the windows the one before it committed (read committed re-reads
            // per statement), so no two compute from the same stale picture.
            await using var lockRow = new NpgsqlCommand(LockWatermark, connection, transaction);
            lockRow.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Window.ShopId });
            lockRow.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stream });
            watermark = await lockRow.ExecuteScalarAsync(cancellationToken) is Instant found
                ? found
                : throw new InvalidOperationException(
                    $"Shop {Window.ShopId} has no {stream} watermark: set it (SyncStateStore.EnsureWatermarkAsync) before planning increments.");
        }

        await using (var mark = new NpgsqlCommand(MarkDone, connection, transaction))
        {
            mark.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Window.ShopId });
            mark.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stream });
            mark.Parameters.Add(new NpgsqlParameter<string> { TypedValue = LedgerNames.Of(Window.Kind) });
            mark.Parameters.Add(new NpgsqlParameter<Instant> { TypedValue = Window.Start });
            mark.Parameters.Add(new NpgsqlParameter<Instant> { TypedValue = Window.End });
            mark.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Tally.Pages });
            mark.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Tally.Listed });
            mark.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Tally.Fetched });
            mark.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Tally.Skipped });
            mark.Parameters.Add(new NpgsqlParameter { Value = RunId is { } id ? id : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
            await mark.ExecuteNonQueryAsync(cancellationToken);
        }

        if (watermark is not { } current) return;

        var committed = new List<Interval>();
        var passStart = Window.Start;
        await using (var read = new NpgsqlCommand(PassSlices, connection, transaction))
        {
            read.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Window.ShopId });
            read.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stream });
            read.Parameters.Add(WindowLedger.RunIdParameter(RunId));
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var slice = new Interval(reader.GetFieldValue<Instant>(0), reader.GetFieldValue<Instant>(1));
                if (slice.Start < passStart) passStart = slice.Start;
                if (reader.GetBoolean(2)) committed.Add(slice);
            }
        }

        var next = WatermarkAdvance.Advance(current, passStart, committed);
        if (next <= current) return;
        await using var move = new NpgsqlCommand(MoveWatermark, connection, transaction);
        move.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Window.ShopId });
        move.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stream });
        move.Parameters.Add(new NpgsqlParameter<Instant> { TypedValue = next });
        await move.ExecuteNonQueryAsync(cancellationToken);
    }

    public override string ToString() => $"done {Window}";
}
