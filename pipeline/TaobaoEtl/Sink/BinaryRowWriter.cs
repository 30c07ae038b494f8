using NodaTime;
using Npgsql;
using NpgsqlTypes;

namespace TaobaoEtl.Sink;

/// <summary>
/// Typed writes of nullable values into a binary COPY. Instants go as UTC <see cref="DateTime"/>s so the
/// sink works on any connection, with or without the NodaTime plugin.
/// </summary>
internal static class BinaryRowWriter
{
    public static Task Text(this NpgsqlBinaryImporter importer, string? value, CancellationToken cancellationToken) =>
        value is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);

    public static Task Json(this NpgsqlBinaryImporter importer, string value, CancellationToken cancellationToken) =>
        importer.WriteAsync(value, NpgsqlDbType.Jsonb, cancellationToken);

    public static Task Int64(this NpgsqlBinaryImporter importer, long? value, CancellationToken cancellationToken) =>
        value is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(value.Value, NpgsqlDbType.Bigint, cancellationToken);

    public static Task Int32(this NpgsqlBinaryImporter importer, int? value, CancellationToken cancellationToken) =>
        value is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(value.Value, NpgsqlDbType.Integer, cancellationToken);

    public static Task Money(this NpgsqlBinaryImporter importer, decimal? value, CancellationToken cancellationToken) =>
        value is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(value.Value, NpgsqlDbType.Numeric, cancellationToken);

    public static Task Boolean(this NpgsqlBinaryImporter importer, bool? value, CancellationToken cancellationToken) =>
        value is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(value.Value, NpgsqlDbType.Boolean, cancellationToken);

    public static Task Time(this NpgsqlBinaryImporter importer, Instant? value, CancellationToken cancellationToken) =>
        value is null
            ? importer.WriteNullAsync(cancellationToken)
            : importer.WriteAsync(value.Value.ToDateTimeUtc(), NpgsqlDbType.TimestampTz, cancellationToken);
}
