namespace CtysVde.Cli;

/// <summary>A parsed command line.</summary>
public sealed record CliArguments
{
    public CliAction Action { get; init; } = CliAction.Info;

    public string? Bridge { get; init; }

    public int DebugLevel { get; init; }

    public bool Force { get; init; }

    public string? SetgidGroup { get; init; }

    public bool Help { get; init; }

    public string? Interface { get; init; }

    public string? SocketPath { get; init; }

    public string? ManagementSocket { get; init; }

    public string? User { get; init; }

    public string? TapName { get; init; }

    public string? ProbeTarget { get; init; }

    public int? ProbeTimeoutSeconds { get; init; }

    public bool DryRun { get; init; }

    public bool Version { get; init; }

    public OutputFormat Format { get; init; } = OutputFormat.Table;
}
