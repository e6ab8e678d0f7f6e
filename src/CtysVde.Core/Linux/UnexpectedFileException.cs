namespace CtysVde.Core.Linux;

/// <summary>A name holds a file of another kind than the one to be acted on (a link where a socket should be): it is left alone.</summary>
public sealed class UnexpectedFileException : Exception
{
    public UnexpectedFileException(FileStatus found, FileKind expected)
        : base($"{found.Path} is a {FileKinds.Describe(found.Kind)}, not a {FileKinds.Describe(expected)}{(found.Kind == FileKind.SymbolicLink ? "; refusing to follow it" : string.Empty)}")
    {
        Found = found;
        Expected = expected;
    }

    public FileStatus Found { get; }

    public FileKind Expected { get; }
}
