using System.Globalization;
using CtysVde.Core.Errors;
using CtysVde.Core.Model;
using CtysVde.Core.Vde;

namespace CtysVde.Core.Switches;

/// <summary>
/// Packet captures: vde_switch's pdump plugin writes every frame the switch forwards into a pcap file, through the
/// management socket (so a switch's owner needs no root). A capture runs while the plugin is loaded; stopping it
/// unloads the plugin, which closes the file, and rewrites the file as a port mirror would show the traffic (each
/// frame once, and only one port's when asked). Removing the switch stops its capture the same way first.
/// </summary>
internal sealed class PacketCaptures
{
    private readonly SwitchEnvironment _env;
    private readonly Action<string> _log;
    private readonly SwitchAccess _access;
    private readonly CaptureFiles _files;

    public PacketCaptures(SwitchEnvironment env, Action<string> log, SwitchAccess access)
    {
        _env = env;
        _log = log;
        _access = access;
        _files = new CaptureFiles(env, log);
    }

    /// <summary>The switch's running capture, if it has one.</summary>
    public IReadOnlyList<VdeCapture> List(SwitchSpec spec, CancellationToken cancellation)
    {
        var (r, _) = _access.RequireRunning(spec, cancellation);
        var running = With(r, cancellation, client => Running(r, client));
        return running is null ? [] : [Describe(r, running.Value.Path, running.Value.Record, stopped: null)];
    }

    /// <summary>Checks a capture request against the switch (owner, port, a capture running, the path) and plans it, changing nothing.</summary>
    public PreparedCapture Prepare(SwitchSpec spec, CaptureRequest request, CancellationToken cancellation)
    {
        if (request.Port < 0)
        {
            throw new VdeException(ErrorIds.InvalidPort, VdeErrorCategory.InvalidArgument,
                $"port {Text(request.Port)} is not a port number: ports are numbered from 1 (0 captures every port)", Text(request.Port));
        }

        var (r, _) = _access.RequireRunning(spec, cancellation);
        SwitchAccess.RequireOwner(r, "capture its traffic");
        With(r, cancellation, client =>
        {
            if (request.Port > 0 && PortInfoParser.NumPorts(Ask(client, "port/showinfo").Data) is var numPorts && request.Port >= numPorts)
            {
                throw SwitchAccess.BadPort(r, request.Port, numPorts);
            }

            RequireNoCapture(r, client);
            return 0;
        });
        var path = _files.Check(r, request.Path);
        if (VdePlugins.Find(PdumpReplies.PluginName) is null)
        {
            throw new VdeException(ErrorIds.VdeSwitchNotInstalled, VdeErrorCategory.NotInstalled,
                $"the pdump plugin of vde2 is not installed ({VdePlugins.Expected(PdumpReplies.PluginName)}); nothing was changed", r.Name);
        }

        var steps = new List<string>
        {
            $"create {path}, {r.Owner.Name}'s (0600)",
            $"load vde_switch's pdump plugin, which writes every frame switch {r.Name} forwards into {path}",
        };
        if (request.Port > 0)
        {
            steps.Add($"when the capture stops, keep only port {Text(request.Port)}'s frames (those from or to the MAC addresses the switch learned on it)");
        }

        return new PreparedCapture(r, request with { Path = path }, new SwitchPlan(r.Name, steps));
    }

    /// <summary>Starts the capture; a step that fails, or a cancellation between steps, undoes the ones before it.</summary>
    public VdeCapture Start(PreparedCapture prepared, CancellationToken cancellation)
    {
        var r = prepared.Switch;
        var path = prepared.Request.Path;
        var plugin = VdePlugins.Find(PdumpReplies.PluginName) ?? VdePlugins.Expected(PdumpReplies.PluginName);
        return With(r, CancellationToken.None, client => Rollback.Run(_log, r.Name, ErrorIds.ManagementFailed, rollback =>
        {
            RequireNoCapture(r, client);
            cancellation.ThrowIfCancellationRequested();
            var id = _files.Create(r, path);
            var record = new CaptureRecord(path, prepared.Request.Port, id.Inode, id.DevMajor, id.DevMinor, DateTime.UtcNow);
            rollback.Add($"remove {path}", () => _files.Remove(r, record));
            _files.WriteRecord(r, record);
            rollback.Add("remove the capture's record", () => _files.RemoveRecord(r));
            _log($"recorded the capture in {Path.Combine(r.SocketPath, CaptureFiles.RecordName)}");
            cancellation.ThrowIfCancellationRequested();
            if (client.Send($"plugin/add {plugin}") is { IsSuccess: false } refused)
            {
                // Another call loaded it since this one looked: that capture is the switch's one.
                throw refused.Errno == Linux.LibC.EEXIST ? AlreadyCapturing(r, "another capture started meanwhile") : Refused(refused);
            }

            rollback.Add("unload the pdump plugin", () => Ask(client, $"plugin/del {PdumpReplies.PluginName}"));
            _log($"loaded {plugin} into switch {r.Name}");
            cancellation.ThrowIfCancellationRequested();
            Ask(client, $"pdump/filename {path}");
            Ask(client, "pdump/active 1");
            // The plugin must stop dumping before it is unloaded: its packet handler would stay registered.
            rollback.Add("stop dumping", () => Ask(client, "pdump/active 0"));
            _log($"switch {r.Name} writes its frames into {path}");
            return Describe(r, path, record, stopped: null);
        }));
    }

    /// <summary>Stops the switch's capture and completes its file; CaptureNotFound when none runs.</summary>
    public VdeCapture Stop(SwitchSpec spec, CancellationToken cancellation)
    {
        var (r, _) = _access.RequireRunning(spec, cancellation);
        SwitchAccess.RequireOwner(r, "stop its capture");
        cancellation.ThrowIfCancellationRequested();
        return Finish(r) ?? throw new VdeException(ErrorIds.CaptureNotFound, VdeErrorCategory.ObjectNotFound, $"switch {r.Name} has no capture running", r.Name);
    }

    /// <summary>
    /// Stops a capture before its switch is taken down, so that its file is complete and its record goes; a
    /// failure is logged, never thrown: the removal goes on.
    /// </summary>
    public void FinishBeforeRemoval(ResolvedSwitch r)
    {
        try
        {
            if (Finish(r) is { } finished)
            {
                _log($"stopped the capture into {finished.Path} ({finished.FrameCount} frames) before switch {r.Name} goes");
            }
        }
        catch (VdeException e)
        {
            _log($"switch {r.Name}'s capture could not be completed before it goes: {e.Message}");
        }
    }

    /// <summary>Once begun it runs to the end: the plugin is unloaded (closing the file), then the file rewritten.</summary>
    private VdeCapture? Finish(ResolvedSwitch r)
    {
        var found = With(r, CancellationToken.None, client =>
        {
            if (Running(r, client) is not { } running)
            {
                return ((string Path, CaptureRecord? Record, IReadOnlyCollection<VdeMac>? Macs)?)null;
            }

            IReadOnlyCollection<VdeMac>? macs = running.Record is { Port: > 0 } record
                ? HashPrintParser.Parse(Ask(client, "hash/print").Data).Where(h => h.Port == record.Port).Select(h => VdeMac.Parse(h.MacAddress)).ToArray()
                : null;

            // Not dumping already (someone sent `pdump/active 0`) is ENOENT: the plugin goes all the same.
            if (client.Send("pdump/active 0") is { IsSuccess: false, Errno: not Linux.LibC.ENOENT } refused)
            {
                throw Refused(refused);
            }

            Ask(client, $"plugin/del {PdumpReplies.PluginName}");
            return (running.Path, running.Record, macs);
        });
        if (found is not { } stopped)
        {
            return null;
        }

        if (stopped.Record is not { } ours)
        {
            // Not a capture CtysVde started (no record names its file): its file is left as pdump wrote it.
            _log($"stopped a capture into {stopped.Path} that CtysVde did not start; its file is left as it is");
            return Describe(r, stopped.Path, null, stopped: (null, SizeOf(stopped.Path)));
        }

        try
        {
            var (result, length) = _files.Compact(r, ours, stopped.Macs);
            return Describe(r, stopped.Path, ours, stopped: (result.Kept, length));
        }
        catch (VdeProtocolException e)
        {
            throw new VdeException(ErrorIds.KernelOperationFailed, VdeErrorCategory.ResourceUnavailable,
                $"the capture {stopped.Path} stopped, but its file is not the pcap pdump writes ({e.Message}); it is left as it is", stopped.Path, e);
        }
        finally
        {
            _files.RemoveRecord(r);
        }
    }

    /// <summary>The capture running on the switch: pdump's file, and CtysVde's record when it names that file.</summary>
    private (string Path, CaptureRecord? Record)? Running(ResolvedSwitch r, VdeManagementClient client)
    {
        var plugins = client.Send("plugin/list");
        if (!plugins.IsSuccess && plugins.Errno != Linux.LibC.ENOENT)
        {
            throw Refused(plugins);
        }

        if (!plugins.IsSuccess || !PdumpReplies.ListsPdump(plugins.Data))
        {
            return null;
        }

        var path = PdumpReplies.FileName(Ask(client, "pdump/filename").Data) ?? string.Empty;
        var record = _files.ReadRecord(r) is { } found && found.Path == path ? found : null;
        return (path, record);
    }

    private void RequireNoCapture(ResolvedSwitch r, VdeManagementClient client)
    {
        if (Running(r, client) is { } running)
        {
            throw AlreadyCapturing(r, $"it writes {running.Path}");
        }
    }

    private VdeCapture Describe(ResolvedSwitch r, string path, CaptureRecord? record, (int? Frames, long Length)? stopped) => new()
    {
        SwitchName = r.Name,
        Port = record?.Port ?? 0,
        Path = path,
        State = stopped is null ? "Running" : "Stopped",
        Owner = r.Owner.Name,
        StartTime = record?.StartTime ?? default,
        Length = stopped?.Length ?? SizeOf(path),
        FrameCount = stopped?.Frames,
        HostName = _env.HostName,
        HostId = _env.HostId,
    };

    /// <summary>The file's size for display; a name that is not a regular file (gone, or replaced) shows 0.</summary>
    private long SizeOf(string path) => _env.Files.Stat(path) is { Kind: Linux.FileKind.Regular } ? new FileInfo(path).Length : 0;

    private static VdeException AlreadyCapturing(ResolvedSwitch r, string detail) =>
        new(ErrorIds.CaptureRunning, VdeErrorCategory.ResourceExists,
            $"switch {r.Name} captures already ({detail}); vde_switch writes one capture at a time: stop that one first; nothing was changed", r.Name);

    private static VdeException Refused(VdeReply reply) =>
        new(ErrorIds.ManagementFailed, VdeErrorCategory.ResourceUnavailable, $"the switch answered '{reply.Command}' with {reply.Code} {reply.Message}", reply.Command);

    private static VdeReply Ask(VdeManagementClient client, string command) => ManagementSession.Ask(client, command);

    private T With<T>(ResolvedSwitch r, CancellationToken cancellation, Func<VdeManagementClient, T> work) =>
        ManagementSession.With(r.ManagementSocket, r.Name, _env.ManagementTimeout, cancellation, work, _env.Management);

    private static string Text(int n) => n.ToString(CultureInfo.InvariantCulture);
}
