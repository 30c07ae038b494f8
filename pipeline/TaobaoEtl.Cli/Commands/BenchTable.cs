using System.Globalization;
using Spectre.Console;
using TaobaoEtl.Bench.Report;

namespace TaobaoEtl.Cli.Commands;

/// <summary>The bench figures as a table: a Spectre.Console table on a terminal, aligned plain text otherwise (logs, CI).</summary>
internal static class BenchTable
{
    private static readonly string[] Headers = ["figure", "value", "unit", "target", "note"];

    public static async Task WriteAsync(BenchReport report, TextWriter output, bool terminal)
    {
        var rows = report.Figures.Select(f => new[] { f.Key, Format(f), f.Unit, f.Target, f.Note }).ToArray();
        var title = $"taobao-etl bench ({(report.Settings.IsQuick ? "quick" : "full")}, {report.Settings.Trades:N0} trades) on {BenchReport.Machine}";
        if (terminal)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
            var table = new Table { Title = new TableTitle(Markup.Escape(title)) };
            foreach (var header in Headers) table.AddColumn(header);
            foreach (var row in rows) table.AddRow(row.Select(Markup.Escape).ToArray());
            console.Write(table);
            return;
        }

        await output.WriteLineAsync(title);
        var widths = Enumerable.Range(0, Headers.Length - 1).Select(c => rows.Select(r => r[c].Length).Append(Headers[c].Length).Max()).ToArray();
        await output.WriteLineAsync(Line(Headers, widths));
        foreach (var row in rows) await output.WriteLineAsync(Line(row, widths));
    }

    private static string Line(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((cell, i) => i < widths.Length ? cell.PadRight(widths[i]) : cell)).TrimEnd();

    private static string Format(BenchFigure figure) => figure.Value switch
    {
        null => "n/a",
        var v when figure.Unit.Length == 0 && Math.Abs(v.Value) < 100 => v.Value.ToString("0.000", CultureInfo.InvariantCulture),
        var v => v.Value.ToString("N0", CultureInfo.InvariantCulture),
    };
}
