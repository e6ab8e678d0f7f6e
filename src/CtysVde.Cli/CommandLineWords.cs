using CtysVde.Core.Errors;

namespace CtysVde.Cli;

/// <summary>The engine's remedies in the command line's syntax: its actions and options.</summary>
internal sealed class CommandLineWords : RemedyWords
{
    /// <summary>The one instance the command line needs; it holds no state.</summary>
    public static CommandLineWords Instance { get; } = new();

    protected override string Phrase(Remedy remedy) => remedy.Action switch
    {
        RemedyAction.Create => "run create",
        RemedyAction.Remove => "run cancel",
        RemedyAction.Recreate => "cancel and create again",
        RemedyAction.RecreateAsOwner => "cancel and create again with the intended -u user[.group]",
        RemedyAction.Replace => "create with -f",
        RemedyAction.Kill => "cancel with -f",
        RemedyAction.Force => "add -f",
        RemedyAction.Unmanage => "add --unmanage",
        RemedyAction.OtherSocketPaths => "choose other paths with -s and -S",
        RemedyAction.OtherBridge => "choose another bridge with -b",
        RemedyAction.AddSudoersRule => $"add the sudoers rule '{remedy.Command}' (visudo -f /etc/sudoers.d/ctysvde)",
        RemedyAction.RunCommand => $"run: {remedy.Command}",
        _ => remedy.Action.ToString(),
    };
}
