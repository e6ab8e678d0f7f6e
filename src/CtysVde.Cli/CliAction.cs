namespace CtysVde.Cli;

/// <summary>The seed's seven actions.</summary>
public enum CliAction
{
    Info,
    Create,
    Cancel,
    Check,
    Ports,
    List,
    ListAll,
}
