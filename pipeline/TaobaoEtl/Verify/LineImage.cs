namespace TaobaoEtl.Verify;

/// <summary>
/// The fields of a sub-order that staging must carry as the platform has them (the key <c>oid</c>, quantity,
/// amounts, statuses), from a truth line or a <c>staging.sales_order_line</c> row.
/// </summary>
internal readonly record struct LineImage(
    long Oid,
    string? Status,
    string? RefundStatus,
    long? RefundId,
    decimal? Price,
    int? Quantity,
    decimal? TotalFee,
    decimal? DiscountFee,
    decimal? Payment)
{
    private static readonly (string Name, Func<LineImage, object?> Value)[] Fields =
    [
        ("status", l => l.Status),
        ("refund_status", l => l.RefundStatus),
        ("refund_id", l => l.RefundId),
        ("price", l => l.Price),
        ("quantity", l => l.Quantity),
        ("total_fee", l => l.TotalFee),
        ("discount_fee", l => l.DiscountFee),
        ("payment", l => l.Payment),
    ];

    public static LineImage FromTruth(TruthOrderLine l) =>
        new(l.Oid, l.Status, l.RefundStatus, l.RefundId, l.Price, l.Num, l.TotalFee, l.DiscountFee, l.Payment);

    public void AddTo(ref Fingerprint f)
    {
        f.Add(Oid);
        f.Add(Status);
        f.Add(RefundStatus);
        f.Add(RefundId);
        f.Add(Price);
        f.Add(Quantity);
        f.Add(TotalFee);
        f.Add(DiscountFee);
        f.Add(Payment);
    }

    /// <summary>The digest of a trade's lines in oid order (the caller sorts); no lines has a digest too.</summary>
    public static ulong Fingerprint(IEnumerable<LineImage> linesByOid)
    {
        var f = new Fingerprint();
        var count = 0L;
        foreach (var line in linesByOid)
        {
            line.AddTo(ref f);
            count++;
        }

        f.Add(count);
        return f.Value;
    }

    /// <summary>What differs between the truth's lines and staging's: oids on one side only, then fields of shared oids.</summary>
    public static IReadOnlyList<string> Differences(IReadOnlyList<LineImage> truth, IReadOnlyList<LineImage> staged)
    {
        var differences = new List<string>();
        var stagedByOid = staged.ToDictionary(l => l.Oid);
        var truthOids = truth.Select(l => l.Oid).ToHashSet();
        foreach (var line in truth.Where(l => !stagedByOid.ContainsKey(l.Oid)))
            differences.Add($"oid {line.Oid} missing in staging");
        foreach (var line in staged.Where(l => !truthOids.Contains(l.Oid)))
            differences.Add($"oid {line.Oid} not in the truth");
        foreach (var line in truth)
        {
            if (!stagedByOid.TryGetValue(line.Oid, out var stored)) continue;
            foreach (var (name, value) in Fields)
            {
                var expected = value(line);
                var actual = value(stored);
                if (!Equals(expected, actual))
                    differences.Add($"oid {line.Oid} {name}: staging {TradeImage.Show(actual)}, truth {TradeImage.Show(expected)}");
            }
        }

        return differences;
    }
}
