namespace CtysVde.Core.Linux;

/// <summary>A failed system call, with the call and errno, so messages say what the kernel refused.</summary>
public sealed class PosixException : Exception
{
    public PosixException(string operation, int errno)
        : base($"{operation}: {LibC.ErrorText(errno)}")
    {
        Operation = operation;
        Errno = errno;
    }

    public string Operation { get; }

    public int Errno { get; }
}
