using CtysVde.Core.Errors;
using CtysVde.Core.Processes;
using CtysVde.Core.Remote;

namespace CtysVde.Core.Privilege;

/// <summary>
/// `-Z sudo|ksu`: a non-root caller has this same program run as root, never with a password prompt. sudo is
/// asked first (`sudo -n -l`) whether the exact command is allowed, so a refusal names the sudoers rule to
/// add instead of failing half-way.
/// </summary>
public sealed class PrivilegeElevator
{
    private readonly ProcessRunner _runner;

    public PrivilegeElevator(ProcessRunner runner)
    {
        _runner = runner;
    }

    /// <summary>Runs <paramref name="program"/> with <paramref name="arguments"/> as root through <paramref name="elevation"/>; returns its exit code.</summary>
    public int RunAsRoot(string elevation, string program, IReadOnlyList<string> arguments, string caller)
    {
        var tool = ProcessRunner.Which(elevation)
            ?? throw new VdeException(ErrorIds.ElevationUnavailable, VdeErrorCategory.NotInstalled,
                $"{elevation} is not installed{(elevation == Elevation.Sudo ? " (apt-get install sudo)" : " (it comes with krb5-user)")}", elevation);

        if (elevation == Elevation.Ksu)
        {
            // ksu has no non-interactive switch; with an empty stdin it fails instead of waiting for a password.
            return _runner.RunAttached(tool, ["root", "-q", "-e", program, .. arguments]);
        }

        var allowed = _runner.Run(tool, ["-n", "-l", "--", program, .. arguments], TimeSpan.FromSeconds(30));
        if (allowed.ExitCode != 0)
        {
            var said = allowed.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
            throw new VdeException(ErrorIds.ElevationRefused, VdeErrorCategory.PermissionDenied,
                $"sudo does not let {caller} run {program} as root without a password{(said is null ? string.Empty : $" ({said})")}", caller, null,
                [new Remedy(RemedyAction.AddSudoersRule, Command: $"{caller} ALL=(root) NOPASSWD: {program}")]);
        }

        return _runner.RunAttached(tool, ["-n", "--", program, .. arguments]);
    }
}
