using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TaobaoEtl.Tests.Top;

/// <summary>What the scripted gateway answers to one call.</summary>
internal sealed record ScriptedReply(int Status, string Body, string? DateHeader = null, bool Drop = false)
{
    public static ScriptedReply Json(string body, string? date = "Wed, 11 Nov 2026 16:00:05 GMT") => new(200, body, date);
    public static ScriptedReply Dropped() => new(0, "", Drop: true);
}

/// <summary>One call as the scripted gateway received it.</summary>
internal sealed record ScriptedCall(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Query,
    IReadOnlyDictionary<string, string> Form, string ContentType, string RawRequest)
{
    public string ApiMethod => Query.GetValueOrDefault("method", "");
}

/// <summary>
/// A real HTTP/1.1 server on 127.0.0.1 that answers every request from a script. Written on a bare socket so a
/// test controls every byte: a missing Date header, a dropped connection, a malformed body.
/// </summary>
internal sealed class ScriptedGateway : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<ScriptedCall, int, Task<ScriptedReply>> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _count;

    public ScriptedGateway(Func<ScriptedCall, int, ScriptedReply> script)
        : this((call, n) => Task.FromResult(script(call, n)))
    {
    }

    /// <summary>A script that may hold a call (to test timeouts and cancellation); <c>n</c> counts calls from 1.</summary>
    public ScriptedGateway(Func<ScriptedCall, int, Task<ScriptedReply>> script)
    {
        _script = script;
        _listener.Start();
        Url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/router/rest";
        _loop = AcceptLoopAsync();
    }

    public string Url { get; }
    public ConcurrentQueue<ScriptedCall> Calls { get; } = new();

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var request = await ReadRequestAsync(stream);
                if (request is null) return;
                Calls.Enqueue(request);
                var reply = await _script(request, Interlocked.Increment(ref _count));
                if (reply.Drop)
                {
                    client.Client.LingerState = new LingerOption(true, 0);
                    return;
                }
                var body = Encoding.UTF8.GetBytes(reply.Body);
                var head = new StringBuilder()
                    .Append("HTTP/1.1 ").Append(reply.Status).Append(reply.Status == 200 ? " OK" : " Error").Append("\r\n")
                    .Append("Content-Type: application/json;charset=UTF-8\r\n")
                    .Append("Content-Length: ").Append(body.Length).Append("\r\n")
                    .Append("Connection: close\r\n");
                if (reply.DateHeader is not null) head.Append("Date: ").Append(reply.DateHeader).Append("\r\n");
                head.Append("\r\n");
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
                await stream.WriteAsync(body);
                await stream.FlushAsync();
            }
            catch (IOException)
            {
                // The client gave up (timeout test): nothing to answer.
            }
        }
    }

    private static async Task<ScriptedCall?> ReadRequestAsync(NetworkStream stream)
    {
        var buffer = new List<byte>();
        var chunk = new byte[8192];
        int headerEnd;
        while ((headerEnd = IndexOfHeaderEnd(buffer)) < 0)
        {
            var n = await stream.ReadAsync(chunk);
            if (n == 0) return null;
            buffer.AddRange(chunk.AsSpan(0, n));
        }
        var headText = Encoding.ASCII.GetString(buffer.GetRange(0, headerEnd).ToArray());
        var lines = headText.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var length = headers.TryGetValue("Content-Length", out var cl) ? int.Parse(cl, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var bodyStart = headerEnd + 4;
        while (buffer.Count - bodyStart < length)
        {
            var n = await stream.ReadAsync(chunk);
            if (n == 0) break;
            buffer.AddRange(chunk.AsSpan(0, n));
        }
        var body = Encoding.UTF8.GetString(buffer.GetRange(bodyStart, Math.Min(length, buffer.Count - bodyStart)).ToArray());
        var target = requestLine[1];
        var q = target.IndexOf('?');
        return new ScriptedCall(requestLine[0], target,
            ParseForm(q < 0 ? "" : target[(q + 1)..]), ParseForm(body),
            headers.GetValueOrDefault("Content-Type", ""), headText + "\r\n\r\n" + body);
    }

    private static int IndexOfHeaderEnd(List<byte> buffer)
    {
        for (var i = 0; i + 3 < buffer.Count; i++)
        {
            if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n') return i;
        }
        return -1;
    }

    private static Dictionary<string, string> ParseForm(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var name = Uri.UnescapeDataString((eq < 0 ? pair : pair[..eq]).Replace('+', ' '));
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            result[name] = value;
        }
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
