namespace CtysVde.HelpBuilder;

/// <summary>A cmdlet parameter as PowerShell's binder sees it.</summary>
public sealed record CmdletParameter(
    string Name,
    Type Type,
    IReadOnlyList<string> Aliases,
    bool SupportsWildcards,
    IReadOnlyList<ParameterSetEntry> Sets,
    string DocumentationId)
{
    public bool IsSwitch => Type.FullName == "System.Management.Automation.SwitchParameter";

    public Type ElementType => Type.IsArray ? Type.GetElementType()! : Type;
}
