namespace CtysVde.Cli;

/// <summary>A command line that cannot be understood: exit code 1, nothing done.</summary>
public sealed class CliUsageException : Exception
{
    public CliUsageException(string message)
        : base(message)
    {
    }
}
