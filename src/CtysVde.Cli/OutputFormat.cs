namespace CtysVde.Cli;

/// <summary>How results are printed: a table for people, `-X` terse lines for scripts, `--json` objects.</summary>
public enum OutputFormat
{
    Table,
    Terse,
    Json,
}
