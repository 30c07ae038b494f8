using System.ComponentModel;
using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace TaobaoEtl.Configuration;

/// <summary>
/// A day of the year the platform peaks on (<c>Sync:PeakDays</c>, written <c>MM-dd</c>: 11-11, 12-12). A value of its own
/// so a bad one is refused when the configuration is read, naming its key, and nothing later parses text again.
/// </summary>
[TypeConverter(typeof(PeakDayConverter))]
[Description("a month and day as MM-dd, e.g. 11-11")]
public readonly record struct PeakDay(AnnualDate Date)
{
    public PeakDay(int month, int day) : this(new AnnualDate(month, day)) { }

    public static PeakDay Parse(string text)
    {
        var result = AnnualDatePattern.Iso.Parse(text);
        return result.Success ? new PeakDay(result.Value) : throw new FormatException("not a month and day as MM-dd");
    }

    public override string ToString() => AnnualDatePattern.Iso.Format(Date);
}

/// <summary>What lets the configuration binder (and the schema check, which uses the same converters) read a <see cref="PeakDay"/>.</summary>
public sealed class PeakDayConverter : TypeConverter
{
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) =>
        sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text ? PeakDay.Parse(text.Trim()) : base.ConvertFrom(context, culture, value);
}
