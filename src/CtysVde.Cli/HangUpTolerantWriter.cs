using System.Text;

namespace CtysVde.Cli;

/// <summary>
/// A terminal or ssh session that goes away mid-call must not stop the call: once writing fails (EPIPE),
/// output is dropped and the work, e.g. putting an uplink back, goes on.
/// </summary>
public sealed class HangUpTolerantWriter : TextWriter
{
    private readonly TextWriter _inner;
    private bool _lost;

    public HangUpTolerantWriter(TextWriter inner)
    {
        _inner = inner;
    }

    public override Encoding Encoding => _inner.Encoding;

    public override void Write(char value) => Try(() => _inner.Write(value));

    public override void Write(string? value) => Try(() => _inner.Write(value));

    public override void WriteLine(string? value) => Try(() => _inner.WriteLine(value));

    public override void Flush() => Try(_inner.Flush);

    private void Try(Action write)
    {
        if (_lost)
        {
            return;
        }

        try
        {
            write();
        }
        catch (IOException)
        {
            _lost = true;
        }
    }
}
