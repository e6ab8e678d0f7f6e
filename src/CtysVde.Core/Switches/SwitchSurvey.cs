using System.Globalization;
using CtysVde.Core.Linux;
using CtysVde.Core.Model;
using CtysVde.Core.Vde;

namespace CtysVde.Core.Switches;

/// <summary>Every switch of this host, found from what exists (processes, files, marked TAPs), and what dead ones left.</summary>
internal sealed class SwitchSurvey
{
    private readonly SwitchEnvironment _env;
    private readonly SwitchInspector _inspector;
    private readonly SwitchDescriber _describer;

    public SwitchSurvey(SwitchEnvironment env, SwitchInspector inspector, SwitchDescriber describer)
    {
        _env = env;
        _inspector = inspector;
        _describer = describer;
    }

    /// <summary>The switches of this host (and with <paramref name="includeStale"/> their leftovers), and the daemons left out as not provably this host's.</summary>
    public SwitchQueryResult Survey(bool includeStale, IEnumerable<ResolvedSwitch> alsoLookAt, Action<IReadOnlyList<SwitchProcess>>? found = null)
    {
        var scan = _env.Processes.ScanAll();
        var processes = scan.Switches;

        // The caller may start asking the switches now: they answer (on the other core) while they are described.
        found?.Invoke(processes);
        var result = new List<VdeSwitch>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in processes.OrderBy(SwitchDescriber.SocketOf, StringComparer.Ordinal))
        {
            var sock = SwitchDescriber.SocketOf(p);
            if (seen.Add(sock))
            {
                result.Add(_describer.Describe(p, sock));
            }
        }

        if (!includeStale)
        {
            return new SwitchQueryResult(result, Array.Empty<string>()) { Skipped = scan.Skipped };
        }

        foreach (var candidate in StaleCandidates(alsoLookAt))
        {
            if (seen.Contains(candidate.SocketPath))
            {
                continue;
            }

            // Paths a running switch holds are not leftovers, whoever's name they carry.
            var artifacts = _inspector.Inspect(candidate, processes);
            if (artifacts.IsEmpty || artifacts.Process is not null || artifacts.Conflicts.Count > 0)
            {
                continue;
            }

            seen.Add(candidate.SocketPath);
            result.Add(_describer.DescribeStale(artifacts));
        }

        return new SwitchQueryResult(result, Array.Empty<string>()) { Skipped = scan.Skipped };
    }

    /// <summary>Switches that may have left something: the seed's default names in /var/tmp and /var/run, marked TAPs, and what the caller named.</summary>
    private IEnumerable<ResolvedSwitch> StaleCandidates(IEnumerable<ResolvedSwitch> alsoLookAt)
    {
        foreach (var r in alsoLookAt)
        {
            yield return r;
        }

        var suffixes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var entry in SwitchDescriber.Entries(SwitchPaths.SocketBase))
        {
            var name = Path.GetFileName(entry);
            if (name.StartsWith(SwitchPaths.SocketPrefix, StringComparison.Ordinal))
            {
                suffixes.Add(name[SwitchPaths.SocketPrefix.Length..]);
            }
            else if (name.StartsWith(SwitchPaths.ManagementPrefix, StringComparison.Ordinal) && !name.EndsWith(".lock", StringComparison.Ordinal))
            {
                suffixes.Add(name[SwitchPaths.ManagementPrefix.Length..]);
            }
        }

        foreach (var entry in SwitchDescriber.Entries(SwitchPaths.PidFileDirectory))
        {
            var name = Path.GetFileName(entry);
            if (name.StartsWith(SwitchPaths.ManagementPrefix, StringComparison.Ordinal))
            {
                // A pidfile, or the address log beside it (its name and the suffix).
                var suffix = name[SwitchPaths.ManagementPrefix.Length..];
                suffixes.Add(suffix.EndsWith(SwitchPaths.AddressLogSuffix, StringComparison.Ordinal) ? suffix[..^SwitchPaths.AddressLogSuffix.Length] : suffix);
            }
        }

        foreach (var suffix in suffixes.Where(s => s.Length > 0))
        {
            yield return ForDefaults(suffix, SwitchPaths.DefaultSocketPath(suffix), SwitchPaths.DefaultManagementSocket(suffix));
        }

        foreach (var tap in _env.Sysfs.InterfaceNames())
        {
            if (_env.Sysfs.IsTap(tap) && _env.Sysfs.Alias(tap) is { } alias && alias.StartsWith(SwitchPaths.TapAliasPrefix, StringComparison.Ordinal))
            {
                // Only the socket path is recorded; the seed's naming gives the owner and management socket back.
                var sock = alias[SwitchPaths.TapAliasPrefix.Length..];
                var name = SwitchPaths.NameOf(sock);
                var user = name.StartsWith(SwitchPaths.SocketPrefix, StringComparison.Ordinal) ? name[SwitchPaths.SocketPrefix.Length..] : name;
                var mgmt = Path.Combine(Path.GetDirectoryName(sock) ?? SwitchPaths.SocketBase, SwitchPaths.ManagementPrefix + user);
                yield return ForDefaults(user, sock, mgmt);
            }
        }
    }

    private ResolvedSwitch ForDefaults(string userSuffix, string sock, string mgmt)
    {
        var owner = _env.Users.FindUser(userSuffix) ?? new UserAccount(userSuffix, uint.MaxValue, uint.MaxValue, "/");
        var group = _env.Users.FindGroup(owner.Gid) ?? new GroupAccount(owner.Gid.ToString(CultureInfo.InvariantCulture), owner.Gid);
        return new ResolvedSwitch(owner, group, sock, mgmt, SwitchPaths.DefaultPidFile(mgmt), null);
    }
}
