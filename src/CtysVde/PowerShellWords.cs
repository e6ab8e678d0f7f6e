using CtysVde.Core.Errors;

namespace CtysVde;

/// <summary>The engine's remedies in PowerShell's words: cmdlets and their parameters.</summary>
internal sealed class PowerShellWords : RemedyWords
{
    /// <summary>The one instance the module needs; it holds no state.</summary>
    public static PowerShellWords Instance { get; } = new();

    protected override string Phrase(Remedy remedy) => remedy.Action switch
    {
        RemedyAction.Create => "run New-VdeSwitch",
        RemedyAction.Remove => "run Remove-VdeSwitch",
        RemedyAction.Recreate => "run Remove-VdeSwitch, then New-VdeSwitch",
        RemedyAction.RecreateAsOwner => "run Remove-VdeSwitch, then New-VdeSwitch with the intended -Owner and -Group",
        RemedyAction.Replace => "run New-VdeSwitch -Force",
        RemedyAction.Kill => "run Remove-VdeSwitch -Force",
        RemedyAction.Force => "add -Force",
        RemedyAction.Unmanage => "add -Unmanage",
        RemedyAction.OtherSocketPaths => "choose other paths with -SocketPath and -ManagementSocket",
        RemedyAction.OtherBridge => "choose another bridge with -BridgeName",
        RemedyAction.AddSudoersRule => $"add the sudoers rule '{remedy.Command}' to /etc/sudoers.d/ctysvde (edit it with visudo)",
        RemedyAction.RunCommand => $"run: {remedy.Command}",
        _ => remedy.Action.ToString(),
    };
}
