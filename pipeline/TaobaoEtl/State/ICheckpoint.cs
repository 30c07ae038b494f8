using Npgsql;

namespace TaobaoEtl.State;

/// <summary>
/// A piece of progress (a window done, a watermark moved) that must commit in the same transaction as
/// the rows it vouches for: checkpoints come from committed work, never from "the last item seen".
/// </summary>
public interface ICheckpoint
{
    Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken);
}
