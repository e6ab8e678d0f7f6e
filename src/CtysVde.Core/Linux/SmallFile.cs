namespace CtysVde.Core.Linux;

/// <summary>
/// Reads small kernel files (/proc/PID/cmdline, stat, status) with three system calls: open, read, close.
/// .NET's file APIs make about eight for each (fstat, flock, lseek …), and a scan of every process pays
/// that hundreds of times: listing switches spent most of its time there (bench/README.md).
/// </summary>
public static class SmallFile
{
    /// <summary>The file's bytes, or null when it cannot be opened or read (a process that has just exited).</summary>
    public static unsafe byte[]? Read(string path)
    {
        var fd = LibC.open(path, LibC.O_RDONLY | LibC.O_CLOEXEC, 0);
        if (fd < 0)
        {
            return null;
        }

        try
        {
            var buffer = new byte[4096];
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length >= 1 << 20)
                    {
                        return buffer;
                    }

                    Array.Resize(ref buffer, buffer.Length * 4);
                }

                nint n;
                fixed (byte* b = &buffer[length])
                {
                    n = LibC.read(fd, b, (nuint)(buffer.Length - length));
                }

                if (n < 0)
                {
                    if (System.Runtime.InteropServices.Marshal.GetLastPInvokeError() == LibC.EINTR)
                    {
                        continue;
                    }

                    return null;
                }

                if (n == 0)
                {
                    return buffer[..length];
                }

                length += (int)n;
            }
        }
        finally
        {
            LibC.close(fd);
        }
    }

    /// <summary>The file as UTF-8 text, or null like <see cref="Read"/>.</summary>
    public static string? ReadText(string path) => Read(path) is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : null;
}
