namespace CtysVde.Cli;

/// <summary>
/// What makes a parsed command line honest: each option once, only options the action uses, no contradictions.
/// An option that is silently ignored or silently overridden does something the caller did not ask for
/// (`-u root -u alice create` made alice's switch; `-b a/b cancel` removed root's), so each is a usage error.
/// </summary>
internal static class OptionRules
{
    /// <summary>Every action that runs here or on hosts, i.e. all but deploy, which only copies files.</summary>
    private static readonly CliAction[] SwitchActions = [CliAction.Create, CliAction.Cancel, CliAction.Check, CliAction.Info, CliAction.Ports, CliAction.List, CliAction.ListAll, CliAction.Vlan, CliAction.Capture, CliAction.Cable];

    /// <summary>
    /// The actions each option means something to, read from what CommandLine, RemoteCommand and Deployment use.
    /// Options not listed apply to every action: -r, -l and --timeout (which need hosts instead), and -h, -H, -V,
    /// which answer before any action runs.
    /// -b with cancel is the seed's teardown line (the create line with cancel for create): the name is
    /// validated like create's, and cancel still removes only the bridge the switch's TAP is on.
    /// </summary>
    private static readonly Dictionary<string, CliAction[]> Actions = new(StringComparer.Ordinal)
    {
        ["-b"] = [CliAction.Create, CliAction.Cancel],
        ["-d"] = SwitchActions,
        ["-f"] = [CliAction.Create, CliAction.Cancel],
        ["-g"] = [CliAction.Create, CliAction.Check],
        ["-i"] = [CliAction.Create],
        ["-n"] = [CliAction.Create, CliAction.Cancel, CliAction.Vlan, CliAction.Capture, CliAction.Cable],
        ["-s"] = SwitchActions,
        ["-S"] = SwitchActions,
        ["-u"] = SwitchActions,
        ["-X"] = SwitchActions,
        ["-Z"] = SwitchActions,
        ["--json"] = SwitchActions,
        ["--tap"] = [CliAction.Create],
        ["--probe"] = [CliAction.Create],
        ["--probe-timeout"] = [CliAction.Create],
        ["--unmanage"] = [CliAction.Create],
        ["--port"] = [CliAction.Vlan, CliAction.Capture],
        ["--file"] = [CliAction.Capture],
        ["--stop"] = [CliAction.Capture],
        ["--to"] = [CliAction.Cable],
        ["--to-host"] = [CliAction.Cable],
        ["--remove"] = [CliAction.Cable],
        ["--test"] = [CliAction.Cable],
        ["--loss"] = [CliAction.Cable],
        ["--delay"] = [CliAction.Cable],
        ["--jitter"] = [CliAction.Cable],
        ["--bandwidth"] = [CliAction.Cable],
        ["--mtu"] = [CliAction.Cable],
        ["--access"] = [CliAction.Vlan],
        ["--trunk"] = [CliAction.Vlan],
        ["--native"] = [CliAction.Vlan],
        ["--untagged"] = [CliAction.Vlan],
        ["--module"] = [CliAction.Deploy],
        ["--prefix"] = [CliAction.Deploy],
    };

    /// <summary>Options that belong to the uplink move, so they need -i.</summary>
    private static readonly string[] UplinkOptions = ["--probe", "--probe-timeout", "--unmanage"];

    /// <summary>The options that say what vlan makes of a port.</summary>
    private static readonly string[] VlanModeOptions = ["--access", "--trunk", "--untagged"];

    /// <summary>Options that only shape the ssh runs, so they need hosts.</summary>
    private static readonly string[] HostOptions = ["-l", "--timeout"];

    /// <summary>Options that may be spelled two ways; both spellings are the same option.</summary>
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["--help"] = "-h",
        ["--version"] = "-V",
    };

    /// <summary>Notes one option as it appears; a second appearance of the same option is refused, naming both values.</summary>
    public static void Note(List<Given> given, string spelling, string? value)
    {
        var key = Aliases.GetValueOrDefault(spelling, spelling);
        var index = given.FindIndex(g => g.Key == key);
        if (index >= 0)
        {
            var first = given[index];
            var how = first.Spelling == spelling ? string.Empty : $" (as '{first.Spelling}' and '{spelling}')";
            throw new CliUsageException(value is null
                ? $"option '{spelling}' given twice{how}; give each option once"
                : $"option '{spelling}' given twice{how}: '{first.Value}' and '{value}'; give each option once");
        }

        given.Add(new Given(key, spelling, value));
    }

    /// <summary>Refuses options the action does not use, uplink options without -i, host options without hosts, and -X with --json.</summary>
    public static void Check(CliArguments a, IReadOnlyList<Given> given, bool actionGiven)
    {
        if (a.Help || a.Version)
        {
            // -h and -V answer before any action runs, whatever else is on the line.
            return;
        }

        var has = given.ToDictionary(g => g.Key, g => g.Spelling, StringComparer.Ordinal);
        if (has.TryGetValue("-X", out var terse) && has.TryGetValue("--json", out var json))
        {
            throw new CliUsageException($"options '{terse}' and '{json}' contradict each other: choose one output format");
        }

        var action = ArgumentParser.ActionWord(a.Action) + (actionGiven ? string.Empty : " (the action when none is given)");
        foreach (var g in given)
        {
            if (Actions.TryGetValue(g.Key, out var actions) && !actions.Contains(a.Action))
            {
                var applies = actions == SwitchActions ? "every action but deploy" : string.Join(", ", actions.Select(ArgumentParser.ActionWord));
                throw new CliUsageException($"option '{g.Spelling}' does not apply to {action}; it is for {applies}");
            }
        }

        CheckVlanOptions(a.Action, has);
        CheckCaptureOptions(a.Action, has);
        CheckCableOptions(a.Action, has);
        foreach (var g in given)
        {
            if (UplinkOptions.Contains(g.Key) && !has.ContainsKey("-i"))
            {
                throw new CliUsageException($"option '{g.Spelling}' needs -i: it is about the uplink that create moves into the bridge");
            }

            if (HostOptions.Contains(g.Key) && a.Hosts.Count == 0)
            {
                throw new CliUsageException($"option '{g.Spelling}' needs hosts (-r HOSTS, or user@host after the action): it is about the ssh runs");
            }
        }
    }

    /// <summary>
    /// A port is an access port, a trunk or untagged: one of the three, with --port; --native only with --trunk;
    /// -n only when there is something to set.
    /// </summary>
    private static void CheckVlanOptions(CliAction action, Dictionary<string, string> has)
    {
        var modes = VlanModeOptions.Where(has.ContainsKey).ToArray();
        if (modes.Length > 1)
        {
            throw new CliUsageException($"options '{modes[0]}' and '{modes[1]}' contradict each other: a port is an access port, a trunk or untagged");
        }

        if (has.ContainsKey("--native") && !has.ContainsKey("--trunk"))
        {
            throw new CliUsageException("option '--native' needs --trunk: it is a trunk's untagged VLAN");
        }

        if (modes.Length == 1 && !has.ContainsKey("--port"))
        {
            throw new CliUsageException($"option '{modes[0]}' needs --port: it sets one port's VLANs");
        }

        if (action == CliAction.Vlan && modes.Length == 0 && has.TryGetValue("-n", out var dryRun))
        {
            throw new CliUsageException($"option '{dryRun}' with vlan needs --access, --trunk or --untagged: without them vlan changes nothing");
        }
    }

    /// <summary>capture starts one (--file, with --port for one port's frames), stops it (--stop), or shows it (neither).</summary>
    private static void CheckCaptureOptions(CliAction action, Dictionary<string, string> has)
    {
        if (action != CliAction.Capture)
        {
            return;
        }

        if (has.ContainsKey("--file") && has.ContainsKey("--stop"))
        {
            throw new CliUsageException("options '--file' and '--stop' contradict each other: capture starts a capture into a file, or stops the running one");
        }

        if (has.ContainsKey("--port") && !has.ContainsKey("--file"))
        {
            throw new CliUsageException("option '--port' with capture needs --file: it is the one port a new capture keeps");
        }

        if (has.TryGetValue("-n", out var dryRun) && !has.ContainsKey("--file"))
        {
            throw new CliUsageException($"option '{dryRun}' with capture needs --file: only starting a capture has steps to show");
        }
    }

    /// <summary>cable makes (or mends, or sets) the cable --to a switch, removes it (--remove), or lists cables (neither).</summary>
    private static void CheckCableOptions(CliAction action, Dictionary<string, string> has)
    {
        if (action != CliAction.Cable)
        {
            return;
        }

        var impairments = new[] { "--loss", "--delay", "--jitter", "--bandwidth", "--mtu" }.Where(has.ContainsKey).ToArray();
        var modes = new[] { "--remove", "--test" }.Where(has.ContainsKey).ToArray();
        if (modes.Length > 0 && (modes.Length > 1 || impairments.Length > 0 || has.ContainsKey("-n")))
        {
            var other = modes.Length > 1 ? modes[1] : impairments.Length > 0 ? impairments[0] : "-n";
            throw new CliUsageException($"options '{modes[0]}' and '{other}' contradict each other: cable removes the cable, tests it, or makes or changes it");
        }

        var needsTo = impairments.Concat(new[] { "--remove", "--test", "-n", "--to-host" }.Where(has.ContainsKey)).FirstOrDefault();
        if (needsTo is not null && !has.ContainsKey("--to"))
        {
            throw new CliUsageException($"option '{needsTo}' with cable needs --to: it is about the cable to that switch");
        }
    }

    /// <summary>One option as given: <see cref="Key"/> is its one name (-h for --help), <see cref="Value"/> null for a flag.</summary>
    internal readonly record struct Given(string Key, string Spelling, string? Value);
}
