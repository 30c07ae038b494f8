using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace TaobaoEtl.Cli;

/// <summary>Writes log events to the command's error writer, so in-process callers capture them too.</summary>
internal sealed class TextWriterLogSink(ITextFormatter formatter, TextWriter writer) : ILogEventSink
{
    private readonly Lock _gate = new();

    public void Emit(LogEvent logEvent)
    {
        lock (_gate)
        {
            formatter.Format(logEvent, writer);
            writer.Flush();
        }
    }
}
