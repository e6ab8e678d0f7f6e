using System.Globalization;

namespace CtysVde.Cli;

/// <summary>
/// The seed's getopt-style syntax: `-b VALUE` or `-bVALUE`, bundled flags (`-fX`), one action anywhere,
/// case-insensitive. Extensions: `--json`, `--tap NAME`, `--probe IP`, `--probe-timeout S`, `--help`,
/// `--version`, `--` to end options.
/// </summary>
public static class ArgumentParser
{
    private const string ValueOptions = "bdgiHlrsSuZ";
    private const string FlagOptions = "fhnVX";

    public static CliArguments Parse(IReadOnlyList<string> args)
    {
        var result = new CliArguments();
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
                result = ParseLong(arg, args, ref i, result);
                continue;
            }

            if (!optionsEnded && arg.Length > 1 && arg[0] == '-')
            {
                for (var j = 1; j < arg.Length; j++)
                {
                    var c = arg[j];
                    if (FlagOptions.Contains(c, StringComparison.Ordinal))
                    {
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

                    result = Value(c, value, result);
                    break;
                }

                continue;
            }

            var parsed = ParseAction(arg);
            if (action is not null)
            {
                throw new CliUsageException($"only one action per call: '{actionWord}' and '{arg}'");
            }

            action = parsed;
            actionWord = arg;
        }

        return result with { Action = action ?? CliAction.Info };
    }

    public static CliAction ParseAction(string word) => word.ToLowerInvariant() switch
    {
        "info" => CliAction.Info,
        "create" => CliAction.Create,
        "cancel" => CliAction.Cancel,
        "check" => CliAction.Check,
        "ports" => CliAction.Ports,
        "list" => CliAction.List,
        "listall" => CliAction.ListAll,
        _ => throw new CliUsageException($"unknown action '{word}'; expected one of: cancel, check, create, info, ports, list, listall"),
    };

    private static CliArguments ParseLong(string arg, IReadOnlyList<string> args, ref int i, CliArguments result)
    {
        var eq = arg.IndexOf('=', StringComparison.Ordinal);
        var name = eq < 0 ? arg : arg[..eq];
        var inline = eq < 0 ? null : arg[(eq + 1)..];
        switch (name)
        {
            case "--json":
                return NoValue(name, inline, result with { Format = OutputFormat.Json });
            case "--help":
                return NoValue(name, inline, result with { Help = true });
            case "--version":
                return NoValue(name, inline, result with { Version = true });
            case "--tap":
                return result with { TapName = NonEmpty(name, LongValue(name, inline, args, ref i)) };
            case "--probe":
                return result with { ProbeTarget = NonEmpty(name, LongValue(name, inline, args, ref i)) };
            case "--probe-timeout":
                var seconds = LongValue(name, inline, args, ref i);
                return int.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s is >= 1 and <= 300
                    ? result with { ProbeTimeoutSeconds = s }
                    : throw new CliUsageException($"option '--probe-timeout' takes seconds from 1 to 300, not '{seconds}'");
            default:
                throw new CliUsageException($"unknown option '{name}'");
        }
    }

    private static string LongValue(string name, string? inline, IReadOnlyList<string> args, ref int i) =>
        inline ?? (i + 1 < args.Count ? args[++i] : throw new CliUsageException($"option '{name}' needs a value"));

    private static CliArguments NoValue(string name, string? inline, CliArguments result) =>
        inline is null ? result : throw new CliUsageException($"option '{name}' takes no value");

    private static CliArguments Flag(char c, CliArguments r) => c switch
    {
        'f' => r with { Force = true },
        'h' => r with { Help = true },
        'n' => r with { DryRun = true },
        'V' => r with { Version = true },
        'X' => r with { Format = r.Format == OutputFormat.Json ? OutputFormat.Json : OutputFormat.Terse },
        _ => throw new CliUsageException($"unknown option '-{c}'"),
    };

    private static CliArguments Value(char c, string value, CliArguments r)
    {
        var option = $"-{c}";
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
            'r' or 'l' or 'Z' => throw new CliUsageException($"option '{option}' ({Remote(c)}) is not yet supported"),
            _ => throw new CliUsageException($"unknown option '{option}'"),
        };
    }

    private static string Remote(char c) => c switch
    {
        'r' => "remote hosts",
        'l' => "remote user",
        _ => "sudo/ksu",
    };

    private static int DebugLevel(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var level) && level <= 9
            ? level
            : throw new CliUsageException($"option '-d' takes a debug level from 0 to 9, not '{value}'");

    private static string NonEmpty(string option, string value) =>
        value.Length > 0 && !value.StartsWith('-') ? value : throw new CliUsageException(value.Length == 0 ? $"option '{option}' needs a non-empty value" : $"option '{option}' needs a value, got option '{value}'");
}
