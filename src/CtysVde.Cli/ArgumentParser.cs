using System.Globalization;

namespace CtysVde.Cli;

/// <summary>
/// The seed's getopt-style syntax: `-b VALUE` or `-bVALUE`, bundled flags (`-fX`), one action anywhere,
/// case-insensitive, and after it any number of hosts (`user@host`, `host(-Z sudo)`). Extensions: `--json`,
/// `--tap NAME`, `--port N`, `--access V`, `--file PCAP`, `--stop`, `--to SWITCH`, `--to-host [USER@]HOST`, `--remove`, `--test`, `--loss P`, `--delay MS`, `--jitter MS`, `--bandwidth KBPS`, `--mtu N`, `--trunk V,...`, `--native V`, `--untagged`, `--probe IP`, `--probe-timeout S`, `--unmanage`, `--timeout S`, `--module DIR`, `--prefix DIR`, `--help`,
/// `--version`, `--` to end options. Each option may be given once, and only with an action that uses it
/// (<see cref="OptionRules"/>).
/// </summary>
public static class ArgumentParser
{
    private const string ValueOptions = "bdgiHlrsSuZ";
    private const string FlagOptions = "fhnVX";

    public static CliArguments Parse(IReadOnlyList<string> args)
    {
        // Another host's cable runs `cable-end VERB WORDS...` here over ssh: fixed words, no options.
        if (args.Count > 0 && args[0] == "cable-end")
        {
            return new CliArguments { Action = CliAction.CableEnd, Format = OutputFormat.Json, CableEnd = args.Skip(1).ToArray() };
        }

        var result = new CliArguments();
        var given = new List<OptionRules.Given>();
        CliAction? action = null;
        string? actionWord = null;
        var optionsEnded = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!optionsEnded && arg == "--")
            {
                optionsEnded = true;
                continue;
            }

            if (!optionsEnded && arg.StartsWith("--", StringComparison.Ordinal))
            {
                result = ParseLong(arg, args, ref i, result, given);
                continue;
            }

            if (!optionsEnded && arg.Length > 1 && arg[0] == '-')
            {
                for (var j = 1; j < arg.Length; j++)
                {
                    var c = arg[j];
                    if (FlagOptions.Contains(c, StringComparison.Ordinal))
                    {
                        // Concatenation, not $"-{c}", on the way to -V and -h: the first interpolated string of a
                        // process sets up ArrayPool<char>.Shared's per-thread buckets and trimming (a GC callback,
                        // a ConditionalWeakTable, a Random seeded from /dev/urandom), 6 page faults of -V's 276.
                        OptionRules.Note(given, "-" + c, null);
                        result = Flag(c, result);
                        continue;
                    }

                    if (!ValueOptions.Contains(c, StringComparison.Ordinal))
                    {
                        throw new CliUsageException($"unknown option '-{c}'");
                    }

                    string value;
                    if (j + 1 < arg.Length)
                    {
                        value = arg[(j + 1)..];
                    }
                    else if (i + 1 < args.Count)
                    {
                        value = args[++i];
                    }
                    else
                    {
                        throw new CliUsageException($"option '-{c}' needs a value");
                    }

                    OptionRules.Note(given, "-" + c, value);
                    result = Value(c, value, result);
                    break;
                }

                continue;
            }

            if (action is not null)
            {
                // After the action come the hosts; a second action word is a mistake, not a host.
                if (TryParseAction(arg) is not null)
                {
                    throw new CliUsageException($"only one action per call: '{actionWord}' and '{arg}'");
                }

                result = result with { Hosts = [.. result.Hosts, arg] };
                continue;
            }

            action = ParseAction(arg);
            actionWord = arg;
        }

        result = result with { Action = action ?? CliAction.Info };
        OptionRules.Check(result, given, actionGiven: action is not null);
        return result;
    }

    public static CliAction ParseAction(string word) =>
        TryParseAction(word) ?? throw new CliUsageException($"unknown action '{word}'; expected one of: cancel, check, create, info, ports, list, listall, vlan, capture, cable, deploy");

    /// <summary>The action's word as the seed writes it (and as the remote side reads it).</summary>
    public static string ActionWord(CliAction action) => action.ToString().ToLowerInvariant();

    private static CliAction? TryParseAction(string word) => word.ToLowerInvariant() switch
    {
        "info" => CliAction.Info,
        "create" => CliAction.Create,
        "cancel" => CliAction.Cancel,
        "check" => CliAction.Check,
        "ports" => CliAction.Ports,
        "list" => CliAction.List,
        "listall" => CliAction.ListAll,
        "deploy" => CliAction.Deploy,
        "vlan" => CliAction.Vlan,
        "capture" => CliAction.Capture,
        "cable" => CliAction.Cable,
        _ => null,
    };

    private static CliArguments ParseLong(string arg, IReadOnlyList<string> args, ref int i, CliArguments result, List<OptionRules.Given> given)
    {
        var eq = arg.IndexOf('=', StringComparison.Ordinal);
        var name = eq < 0 ? arg : arg[..eq];
        var inline = eq < 0 ? null : arg[(eq + 1)..];
        if (name is "--unmanage" or "--json" or "--help" or "--version" or "--untagged" or "--stop" or "--remove" or "--test")
        {
            OptionRules.Note(given, name, null);
        }

        switch (name)
        {
            case "--unmanage":
                return NoValue(name, inline, result with { Unmanage = true });
            case "--json":
                return NoValue(name, inline, result with { Format = OutputFormat.Json });
            case "--help":
                return NoValue(name, inline, result with { Help = true });
            case "--version":
                return NoValue(name, inline, result with { Version = true });
            case "--untagged":
                return NoValue(name, inline, result with { VlanMode = Core.Model.VdeVlanMode.Untagged });
            case "--port":
                return result with { Port = Number(name, LongValue(name, inline, args, ref i, given), "a port number") };
            case "--access":
                return result with { VlanMode = Core.Model.VdeVlanMode.Access, VlanId = Number(name, LongValue(name, inline, args, ref i, given), "a VLAN id") };
            case "--trunk":
                var list = LongValue(name, inline, args, ref i, given);
                return result with { VlanMode = Core.Model.VdeVlanMode.Trunk, AllowedVlans = list.Split(',').Select(v => Number(name, v, "VLAN ids separated by commas")).ToArray() };
            case "--native":
                return result with { NativeVlan = Number(name, LongValue(name, inline, args, ref i, given), "a VLAN id") };
            case "--stop":
                return NoValue(name, inline, result with { StopCapture = true });
            case "--test":
                return NoValue(name, inline, result with { TestCable = true });
            case "--remove":
                return NoValue(name, inline, result with { RemoveCable = true });
            case "--to":
                return result with { CableTo = NonEmpty(name, LongValue(name, inline, args, ref i, given)) };
            case "--to-host":
                return result with { CableToHost = NonEmpty(name, LongValue(name, inline, args, ref i, given)) };
            case "--loss":
                return result with { Impairment = (result.Impairment ?? new()) with { LossPercent = Percent(name, LongValue(name, inline, args, ref i, given)) } };
            case "--delay":
                return result with { Impairment = (result.Impairment ?? new()) with { DelayMs = Number(name, LongValue(name, inline, args, ref i, given), "milliseconds") } };
            case "--jitter":
                return result with { Impairment = (result.Impairment ?? new()) with { JitterMs = Number(name, LongValue(name, inline, args, ref i, given), "milliseconds") } };
            case "--bandwidth":
                return result with { Impairment = (result.Impairment ?? new()) with { BandwidthKbps = Number(name, LongValue(name, inline, args, ref i, given), "kbit/s") } };
            case "--mtu":
                return result with { Impairment = (result.Impairment ?? new()) with { Mtu = Number(name, LongValue(name, inline, args, ref i, given), "an MTU") } };
            case "--file":
                return result with { CaptureFile = NonEmpty(name, LongValue(name, inline, args, ref i, given)) };
            case "--tap":
                return result with { TapName = NonEmpty(name, LongValue(name, inline, args, ref i, given)) };
            case "--probe":
                return result with { ProbeTarget = NonEmpty(name, LongValue(name, inline, args, ref i, given)) };
            case "--probe-timeout":
                return result with { ProbeTimeoutSeconds = Seconds(name, LongValue(name, inline, args, ref i, given)) };
            case "--timeout":
                return result with { TimeoutSeconds = Seconds(name, LongValue(name, inline, args, ref i, given)) };
            case "--module":
                return result with { ModulePath = NonEmpty(name, LongValue(name, inline, args, ref i, given)) };
            case "--prefix":
                var prefix = NonEmpty(name, LongValue(name, inline, args, ref i, given));
                return prefix.StartsWith('/') || prefix == "~" || prefix.StartsWith("~/", StringComparison.Ordinal)
                    ? result with { Prefix = prefix.TrimEnd('/') is { Length: > 0 } p ? p : "/" }
                    : throw new CliUsageException($"option '--prefix' needs an absolute path or one under ~, not '{prefix}'");
            default:
                throw new CliUsageException($"unknown option '{name}'");
        }
    }

    /// <summary>A whole number as written (digits only); whether it is in range is the engine's to say, with its error id.</summary>
    private static int Number(string name, string value, string what) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new CliUsageException($"option '{name}' takes {what}, not '{value}'");

    /// <summary>A percentage as written (digits, one decimal point); whether it is 0-100 is the engine's to say.</summary>
    private static double Percent(string name, string value) =>
        double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var p)
            ? p
            : throw new CliUsageException($"option '{name}' takes a percentage, not '{value}'");

    private static int Seconds(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s is >= 1 and <= 300
            ? s
            : throw new CliUsageException($"option '{name}' takes seconds from 1 to 300, not '{value}'");

    /// <summary>The value of a long option (`--tap x` or `--tap=x`), noted so that a second one is refused.</summary>
    private static string LongValue(string name, string? inline, IReadOnlyList<string> args, ref int i, List<OptionRules.Given> given)
    {
        var value = inline ?? (i + 1 < args.Count ? args[++i] : throw new CliUsageException($"option '{name}' needs a value"));
        OptionRules.Note(given, name, value);
        return value;
    }

    private static CliArguments NoValue(string name, string? inline, CliArguments result) =>
        inline is null ? result : throw new CliUsageException($"option '{name}' takes no value");

    private static CliArguments Flag(char c, CliArguments r) => c switch
    {
        'f' => r with { Force = true },
        'h' => r with { Help = true },
        'n' => r with { DryRun = true },
        'V' => r with { Version = true },
        'X' => r with { Format = OutputFormat.Terse },
        _ => throw new CliUsageException($"unknown option '-{c}'"),
    };

    private static CliArguments Value(char c, string value, CliArguments r)
    {
        var option = "-" + c;
        return c switch
        {
            'b' => r with { Bridge = NonEmpty(option, value) },
            'd' => r with { DebugLevel = DebugLevel(value) },
            'g' => r with { SetgidGroup = NonEmpty(option, value) },
            'H' => r with { Help = true },
            'i' => r with { Interface = NonEmpty(option, value) },
            's' => r with { SocketPath = NonEmpty(option, value) },
            'S' => r with { ManagementSocket = NonEmpty(option, value) },
            'u' => r with { User = NonEmpty(option, value) },
            'r' => r with { Hosts = [.. r.Hosts, .. HostList(NonEmpty(option, value))] },
            'l' => r with { RemoteUser = Core.Remote.RemoteTarget.UserNameProblem(NonEmpty(option, value)) is { } problem ? throw new CliUsageException($"option '-l': {problem}") : value },
            'Z' => r with { Elevation = Core.Remote.Elevation.Normalize(value) ?? throw new CliUsageException($"option '-Z' takes {string.Join(" or ", Core.Remote.Elevation.Known)}, not '{value}'") },
            _ => throw new CliUsageException($"unknown option '{option}'"),
        };
    }

    private static string[] HostList(string value)
    {
        var hosts = value.Split(',', StringSplitOptions.TrimEntries);
        return hosts.Any(h => h.Length == 0) ? throw new CliUsageException($"option '-r' has an empty entry in '{value}'") : hosts;
    }

    private static int DebugLevel(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var level) && level <= 9
            ? level
            : throw new CliUsageException($"option '-d' takes a debug level from 0 to 9, not '{value}'");

    private static string NonEmpty(string option, string value) =>
        value.Length > 0 && !value.StartsWith('-') ? value : throw new CliUsageException(value.Length == 0 ? $"option '{option}' needs a non-empty value" : $"option '{option}' needs a value, got option '{value}'");
}
