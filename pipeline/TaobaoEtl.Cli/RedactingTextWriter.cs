using System.Text;
using TaobaoEtl.Configuration;

namespace TaobaoEtl.Cli;

/// <summary>
/// The program's stdout or stderr with every configured secret masked (<see cref="SecretRedactor"/>). Text is held
/// until a line ends or the writer is flushed, so a secret written in pieces (a log template and its argument) is
/// still seen whole. The redactor is set once the command line is parsed, since the secrets come from the
/// configuration the command line names.
/// </summary>
internal sealed class RedactingTextWriter(TextWriter inner) : TextWriter(inner.FormatProvider)
{
    private readonly Lock _gate = new();
    private readonly StringBuilder _line = new();
    private SecretRedactor _redactor = SecretRedactor.None;

    /// <summary>The real writer (a progress display needs to know whether it is the console).</summary>
    public TextWriter Inner => inner;

    public override Encoding Encoding => inner.Encoding;

    public void Use(SecretRedactor redactor)
    {
        lock (_gate) _redactor = redactor;
    }

    public override void Write(char value)
    {
        lock (_gate)
        {
            _line.Append(value);
            if (value == '\n') WritePending();
        }
    }

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        lock (_gate)
        {
            _line.Append(value);
            if (value.Contains('\n', StringComparison.Ordinal)) WritePending();
        }
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void Write(ReadOnlySpan<char> buffer) => Write(buffer.ToString());

    public override void WriteLine(string? value) => Write((value ?? "") + NewLine);

    public override void WriteLine() => Write(NewLine);

    public override Task WriteAsync(char value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(string? value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return Task.CompletedTask;
    }

    public override Task WriteLineAsync(string? value)
    {
        WriteLine(value);
        return Task.CompletedTask;
    }

    public override Task WriteLineAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
    {
        WriteLine(buffer.ToString());
        return Task.CompletedTask;
    }

    public override Task WriteLineAsync()
    {
        WriteLine();
        return Task.CompletedTask;
    }

    public override void Flush()
    {
        lock (_gate)
        {
            WritePending();
            inner.Flush();
        }
    }

    public override Task FlushAsync()
    {
        Flush();
        return Task.CompletedTask;
    }

    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        Flush();
        return Task.CompletedTask;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) Flush();
        base.Dispose(disposing);
    }

    private void WritePending()
    {
        if (_line.Length == 0) return;
        inner.Write(_redactor.Redact(_line.ToString()));
        _line.Clear();
    }
}
