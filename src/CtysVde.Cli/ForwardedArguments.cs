using System.Globalization;

namespace CtysVde.Cli;

/// <summary>
/// The command line that another ctys-setupvde runs: the one on a remote host (over ssh) or this one again
/// as root (through sudo). Written from the parsed arguments rather than copied from argv, so the hosts and
/// options meant for this side never travel along.
/// </summary>
public static class ForwardedArguments
{
    public static IReadOnlyList<string> For(CliArguments a, OutputFormat format, string? elevation, string? owner)
    {
        var args = new List<string>();
        Add(args, "-b", a.Bridge);
        if (a.DebugLevel > 0)
        {
            Add(args, "-d", a.DebugLevel.ToString(CultureInfo.InvariantCulture));
        }

        if (a.Force)
        {
            args.Add("-f");
        }

        Add(args, "-g", a.SetgidGroup);
        Add(args, "-i", a.Interface);
        Add(args, "-s", a.SocketPath);
        Add(args, "-S", a.ManagementSocket);
        Add(args, "-u", owner ?? a.User);
        Add(args, "--tap", a.TapName);
        Add(args, "--probe", a.ProbeTarget);
        Add(args, "--probe-timeout", a.ProbeTimeoutSeconds?.ToString(CultureInfo.InvariantCulture));
        if (a.Unmanage)
        {
            args.Add("--unmanage");
        }

        Add(args, "--port", a.Port?.ToString(CultureInfo.InvariantCulture));
        Add(args, "--file", a.CaptureFile);
        Add(args, "--to", a.CableTo);
        Add(args, "--to-host", a.CableToHost);
        if (a.RemoveCable)
        {
            args.Add("--remove");
        }

        if (a.TestCable)
        {
            args.Add("--test");
        }

        Add(args, "--loss", a.Impairment?.LossPercent?.ToString(CultureInfo.InvariantCulture));
        Add(args, "--delay", a.Impairment?.DelayMs?.ToString(CultureInfo.InvariantCulture));
        Add(args, "--jitter", a.Impairment?.JitterMs?.ToString(CultureInfo.InvariantCulture));
        Add(args, "--bandwidth", a.Impairment?.BandwidthKbps?.ToString(CultureInfo.InvariantCulture));
        Add(args, "--mtu", a.Impairment?.Mtu?.ToString(CultureInfo.InvariantCulture));
        if (a.StopCapture)
        {
            args.Add("--stop");
        }

        switch (a.VlanMode)
        {
            case Core.Model.VdeVlanMode.Access:
                Add(args, "--access", a.VlanId.ToString(CultureInfo.InvariantCulture));
                break;
            case Core.Model.VdeVlanMode.Trunk:
                Add(args, "--trunk", string.Join(',', a.AllowedVlans.Select(v => v.ToString(CultureInfo.InvariantCulture))));
                Add(args, "--native", a.NativeVlan?.ToString(CultureInfo.InvariantCulture));
                break;
            case Core.Model.VdeVlanMode.Untagged:
                args.Add("--untagged");
                break;
        }

        Add(args, "-Z", elevation);
        if (a.DryRun)
        {
            args.Add("-n");
        }

        if (format == OutputFormat.Json)
        {
            args.Add("--json");
        }
        else if (format == OutputFormat.Terse)
        {
            args.Add("-X");
        }

        args.Add(ArgumentParser.ActionWord(a.Action));
        return args;
    }

    private static void Add(List<string> args, string option, string? value)
    {
        if (value is not null)
        {
            args.Add(option);
            args.Add(value);
        }
    }
}
