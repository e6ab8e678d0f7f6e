namespace CtysVde.Core.Errors;

/// <summary>
/// What a user can do about a problem, named without any front end's words: the command line says
/// <c>cancel</c> and <c>-f</c>, the cmdlets <c>Remove-VdeSwitch</c> and <c>-Force</c> (see <see cref="RemedyWords"/>).
/// </summary>
public enum RemedyAction
{
    /// <summary>Create the switch (again).</summary>
    Create,

    /// <summary>Remove the switch.</summary>
    Remove,

    /// <summary>Remove the switch, then create it again.</summary>
    Recreate,

    /// <summary>Remove the switch, then create it again for the owner it was meant for.</summary>
    RecreateAsOwner,

    /// <summary>Create it forced: a new daemon replaces the running one, whose clients are cut off.</summary>
    Replace,

    /// <summary>Remove it forced: the daemon is killed.</summary>
    Kill,

    /// <summary>Repeat the request forced (e.g. move an uplink that carries the caller's session).</summary>
    Force,

    /// <summary>Let CtysVde make the uplink unmanaged by NetworkManager for as long as the bridge exists.</summary>
    Unmanage,

    /// <summary>Give the switch other data and management socket paths.</summary>
    OtherSocketPaths,

    /// <summary>Give the switch another bridge.</summary>
    OtherBridge,

    /// <summary>Add a sudoers rule (<see cref="Remedy.Command"/>) so that sudo lets the caller run a program as root without a password.</summary>
    AddSudoersRule,

    /// <summary>Run a shell command, the same whichever front end the user came from (<see cref="Remedy.Command"/>).</summary>
    RunCommand,
}
