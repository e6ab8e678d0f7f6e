using Microsoft.Win32.SafeHandles;

namespace CtysVde.Core.Linux;

/// <summary>
/// A stream over a file descriptor that keeps its own position (pread/pwrite through <see cref="RandomAccess"/>):
/// two of them over one descriptor read and rewrite the same file in place, one behind the other, without opening
/// it twice by name. It does not own the descriptor.
/// </summary>
internal sealed class PositionalFileStream : Stream
{
    private readonly SafeFileHandle _handle;
    private long _position;

    public PositionalFileStream(SafeFileHandle handle, long position = 0)
    {
        _handle = handle;
        _position = position;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => RandomAccess.GetLength(_handle);

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = RandomAccess.Read(_handle, buffer, _position);
        _position += n;
        return n;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        RandomAccess.Write(_handle, buffer, _position);
        _position += buffer.Length;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
