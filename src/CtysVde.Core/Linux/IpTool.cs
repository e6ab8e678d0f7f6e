using System.Text.Json;
using CtysVde.Core.Errors;
using CtysVde.Core.Processes;

namespace CtysVde.Core.Linux;

/// <summary>
/// iproute2 for what has no simple ioctl: addresses and routes. Reads with `ip -json`; changes that must
/// happen back to back (the uplink's move) go through one `ip -batch` process, so they cost one exec.
/// </summary>
public sealed class IpTool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly IProcessRunner _runner;

    public IpTool(IProcessRunner runner)
    {
        _runner = runner;
    }

    public JsonDocument Json(params string[] args) => JsonDocument.Parse(Run(["-json", .. args]));

    /// <summary>An interface's addresses as `address/prefix`, without IPv6 link-local ones.</summary>
    public string[] Addresses(string dev)
    {
        using var doc = Json("addr", "show", "dev", dev);
        return doc.RootElement.EnumerateArray().SelectMany(i => i.TryGetProperty("addr_info", out var info) ? info.EnumerateArray() : Enumerable.Empty<JsonElement>())
            .Where(a => !(a.GetProperty("family").GetString() == "inet6" && a.GetProperty("scope").GetString() == "link"))
            .Select(a => $"{a.GetProperty("local").GetString()}/{a.GetProperty("prefixlen").GetInt32()}")
            .ToArray();
    }

    /// <summary>Runs each line as an ip command; `-force` goes on past a failing line and reports it.</summary>
    public void Batch(IReadOnlyList<string> lines, bool continueOnError = false)
    {
        if (lines.Count == 0)
        {
            return;
        }

        Run(continueOnError ? ["-force", "-batch", "-"] : ["-batch", "-"], string.Join('\n', lines) + "\n");
    }

    private string Run(string[] args, string? input = null)
    {
        var program = ProcessRunner.Which("ip") ?? ProcessRunner.Which("/usr/sbin/ip") ?? ProcessRunner.Which("/sbin/ip")
            ?? throw new VdeException(ErrorIds.KernelOperationFailed, VdeErrorCategory.NotInstalled, "ip (iproute2) is not installed", "ip");
        ProcessResult result;
        try
        {
            result = _runner.Run(program, args, input, Timeout);
        }
        catch (Exception e) when (e is TimeoutException or System.ComponentModel.Win32Exception or IOException)
        {
            // A hung or vanished ip is the kernel's trouble too; the caller's undo needs an error with an id.
            throw new VdeException(ErrorIds.KernelOperationFailed, e is TimeoutException ? VdeErrorCategory.OperationTimeout : VdeErrorCategory.ResourceUnavailable,
                $"ip {string.Join(' ', args)}: {e.Message}", args.LastOrDefault(), e);
        }

        if (result.ExitCode != 0)
        {
            throw new VdeException(ErrorIds.KernelOperationFailed, VdeErrorCategory.ResourceUnavailable,
                $"ip {string.Join(' ', args)} failed: {result.StandardError.Trim()}", args.LastOrDefault());
        }

        return result.StandardOutput;
    }
}
