using CtysVde.Core.Errors;
using CtysVde.Core.Linux;
using CtysVde.Core.Model;
using CtysVde.Core.Switches;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Integration;

/// <summary>
/// Packet captures on real traffic (issue 12, item 3): vde_plug clients in namespaces ping each other through the
/// switch while it captures; tshark reads the file. Every capture file a test makes is its own to remove.
/// </summary>
public class CaptureTests : KernelTest
{
    public CaptureTests(KernelFixture fixture)
        : base(fixture)
    {
    }

    [KernelFact(Requires = "tshark")]
    public void A_capture_holds_each_frame_of_a_ping_between_two_clients_once_and_tshark_reads_it()
    {
        var sw = Engine.Create(new SwitchSpec()).Switch;
        CancelAfterwards(new SwitchSpec());
        var (a, _, c) = Clients(sw, "10.199.51");
        var path = NewPath("all");

        var started = Engine.StartCapture(Engine.PrepareCapture(new SwitchSpec(), new CaptureRequest { Path = path }));
        Assert.Equal((sw.Name, 0, path, "Running", "root", (int?)null), (started.SwitchName, started.Port, started.Path, started.State, started.Owner, started.FrameCount));
        var listed = Assert.Single(Engine.Captures(new SwitchSpec()));
        Assert.Equal((path, "Running", started.StartTime), (listed.Path, listed.State, listed.StartTime));
        Assert.True(File.Exists(Path.Combine(sw.SocketPath, CaptureFiles.RecordName)));

        Ping(a.Namespace, "10.199.51.2");
        Ping(c.Namespace, "10.199.51.2");
        var stopped = Engine.StopCapture(new SwitchSpec());
        Assert.Equal(("Stopped", path), (stopped.State, stopped.Path));
        Assert.Empty(Engine.Captures(new SwitchSpec()));
        Assert.False(File.Exists(Path.Combine(sw.SocketPath, CaptureFiles.RecordName)));

        var status = new UnixFiles().Stat(path)!;
        Assert.Equal((0u, 0x180u), (status.Uid, status.Permissions));
        Assert.Equal(new FileInfo(path).Length, stopped.Length);
        var frames = Tshark(path);
        Assert.Equal(stopped.FrameCount, frames.Count);
        Assert.Single(frames, f => f == "10.199.51.1>10.199.51.2 echo-request 1");
        Assert.Single(frames, f => f == "10.199.51.2>10.199.51.1 echo-reply 1");
        Assert.Single(frames, f => f == "10.199.51.3>10.199.51.2 echo-request 1");
        Assert.Single(frames, f => f == "10.199.51.2>10.199.51.3 echo-reply 1");
    }

    [KernelFact(Requires = "tshark")]
    public void With_a_port_the_file_holds_only_that_ports_frames()
    {
        var sw = Engine.Create(new SwitchSpec()).Switch;
        CancelAfterwards(new SwitchSpec());
        var (a, _, c) = Clients(sw, "10.199.52");
        var port = Assert.Single(Engine.Ports(new SwitchSpec()), p => p.ClientProcessIds.Contains(a.Pid)).Port;
        var path = NewPath("port");

        var started = Engine.StartCapture(Engine.PrepareCapture(new SwitchSpec(), new CaptureRequest { Path = path, Port = port }));
        Assert.Equal(port, started.Port);
        Assert.Equal(port, Assert.Single(Engine.Captures(new SwitchSpec())).Port);
        Ping(a.Namespace, "10.199.52.2");
        Ping(c.Namespace, "10.199.52.2");
        var stopped = Engine.StopCapture(new SwitchSpec());

        var frames = Tshark(path);
        Assert.Equal(stopped.FrameCount, frames.Count);
        Assert.Contains("10.199.52.1>10.199.52.2 echo-request 1", frames);
        Assert.Contains("10.199.52.2>10.199.52.1 echo-reply 1", frames);
        Assert.DoesNotContain(frames, f => f.Contains("10.199.52.3", StringComparison.Ordinal));
        Assert.Empty(Sh.Ok("tshark", "-r", path, "-Y", $"eth.addr == {c.Mac}", "-T", "fields", "-e", "frame.number").Trim());
        Assert.Equal(stopped.FrameCount, Sh.Ok("tshark", "-r", path, "-Y", $"eth.addr == {a.Mac}", "-T", "fields", "-e", "frame.number").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [KernelFact(Requires = "tshark")]
    public void A_capture_ends_with_its_switch_and_its_file_is_complete()
    {
        var sw = Engine.Create(new SwitchSpec()).Switch;
        CancelAfterwards(new SwitchSpec());
        var (a, _, _) = Clients(sw, "10.199.53");
        var path = NewPath("removed");
        Engine.StartCapture(Engine.PrepareCapture(new SwitchSpec(), new CaptureRequest { Path = path }));
        Ping(a.Namespace, "10.199.53.2");

        Engine.Remove(new SwitchSpec(), force: false);
        Assert.Contains(Log, l => l.Contains($"stopped the capture into {path}", StringComparison.Ordinal));
        var frames = Tshark(path);
        Assert.Single(frames, f => f == "10.199.53.1>10.199.53.2 echo-request 1");
        Assert.Single(frames, f => f == "10.199.53.2>10.199.53.1 echo-reply 1");
        Assert.False(Directory.Exists(sw.SocketPath));
    }

    [KernelFact]
    public void The_command_line_starts_shows_plans_and_stops_a_capture()
    {
        var sw = Engine.Create(new SwitchSpec()).Switch;
        CancelAfterwards(new SwitchSpec());
        var path = NewPath("cli");

        var plan = Sh.CliOk("--file", path, "-n", "capture");
        Assert.Contains($"create {path}, root's (0600)", plan, StringComparison.Ordinal);
        Assert.False(File.Exists(path));

        Assert.StartsWith($"{sw.Name};3;running;", Sh.CliOk("-X", "--file", path, "--port", "3", "capture"), StringComparison.Ordinal);
        var json = System.Text.Json.JsonSerializer.Deserialize(Sh.CliOk("--json", "capture"), VdeJsonContext.Default.VdeCaptureArray)!;
        Assert.Equal((path, 3, "Running"), (json[0].Path, json[0].Port, json[0].State));
        Assert.Contains(path, Sh.CliOk("capture"), StringComparison.Ordinal);

        var stopped = Sh.CliOk("-X", "--stop", "capture").Trim().Split(';');
        Assert.Equal((sw.Name, "3", "stopped", "0", path), (stopped[0], stopped[1], stopped[2], stopped[4], stopped[^1]));
        Assert.Equal(string.Empty, Sh.CliOk("-X", "capture").Trim());

        // A capture that started nothing is a usage error of the command line (exit 1), and so are contradictions.
        foreach (var args in new[] { new[] { "--file", path, "--stop" }, ["--port", "3"], ["-n"], ["--port", "3", "--stop"] })
        {
            var r = Sh.Cli([.. args, "capture"]);
            Assert.True(r.ExitCode == 1 && r.StandardError.StartsWith("ctys-setupvde: option", StringComparison.Ordinal), $"{string.Join(' ', args)}: exit {r.ExitCode}: {r.StandardError}");
        }

        var other = Sh.Cli("--file", path, "vlan");
        Assert.Contains("does not apply to vlan", other.StandardError, StringComparison.Ordinal);
    }

    [KernelFact]
    public void Bad_capture_requests_are_refused_by_id_and_change_nothing()
    {
        Engine.Create(new SwitchSpec());
        CancelAfterwards(new SwitchSpec());

        // A link another user planted at the name (to a file root's switch would write), a file that is there, a
        // directory another user can redirect, one that is missing, a relative path.
        var link = NewPath("link");
        var victim = NewPath("victim");
        Sh.Ok("runuser", "-u", KernelFixture.Alice, "--", "ln", "-s", victim, link);
        var existing = NewPath("existing");
        File.WriteAllText(existing, "keep me");
        var open = Directory.CreateTempSubdirectory("ctysvde-open-").FullName;
        Defer("remove the open directory", () => Directory.Delete(open, true));
        File.SetUnixFileMode(open, (UnixFileMode)0x1FF /* 0777, not sticky */);
        var alices = Directory.CreateTempSubdirectory("ctysvde-alices-").FullName;
        Defer("remove alice's directory", () => Directory.Delete(alices, true));
        Sh.Ok("chown", KernelFixture.Alice, alices);

        var snapshot = SystemSnapshot.Take();
        (string Path, int Port, string Id, VdeErrorCategory Category)[] cases =
        [
            (link, 0, ErrorIds.CapturePathUnsafe, VdeErrorCategory.InvalidArgument),
            (existing, 0, ErrorIds.CaptureFileExists, VdeErrorCategory.ResourceExists),
            (Path.Combine(open, "x.pcap"), 0, ErrorIds.CapturePathUnsafe, VdeErrorCategory.InvalidArgument),
            (Path.Combine(alices, "x.pcap"), 0, ErrorIds.CapturePathUnsafe, VdeErrorCategory.InvalidArgument),
            ("/var/tmp/ctysvde-no-such-dir/x.pcap", 0, ErrorIds.CaptureDirectoryNotFound, VdeErrorCategory.ObjectNotFound),
            ("relative.pcap", 0, ErrorIds.InvalidCapturePath, VdeErrorCategory.InvalidArgument),
            ("/var/tmp/", 0, ErrorIds.InvalidCapturePath, VdeErrorCategory.InvalidArgument),
            ("/var/tmp/a\nb.pcap", 0, ErrorIds.InvalidCapturePath, VdeErrorCategory.InvalidArgument),
            (NewPath("port"), 32, ErrorIds.InvalidPort, VdeErrorCategory.InvalidArgument),
            (NewPath("port"), -1, ErrorIds.InvalidPort, VdeErrorCategory.InvalidArgument),
        ];
        foreach (var (path, port, id, category) in cases)
        {
            var e = Assert.Throws<VdeException>(() => Engine.PrepareCapture(new SwitchSpec(), new CaptureRequest { Path = path, Port = port }));
            Assert.True((e.ErrorId, e.Category) == (id, category), $"{path}: {e.ErrorId} {e.Category}: {e.Message}");
            Assert.Contains(port == 0 ? path : port.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(victim));
        Assert.Equal("keep me", File.ReadAllText(existing));
        Assert.Empty(Directory.GetFiles(open));

        // The command line says the same, with its exit values.
        var cli = Sh.Cli("--file", link, "capture");
        Assert.Equal(1, cli.ExitCode);
        Assert.EndsWith($"[{ErrorIds.CapturePathUnsafe}]", cli.StandardError.Trim(), StringComparison.Ordinal);
        cli = Sh.Cli("--file", "/var/tmp/ctysvde-no-such-dir/x.pcap", "capture");
        Assert.Equal((2, true), (cli.ExitCode, cli.StandardError.Trim().EndsWith($"[{ErrorIds.CaptureDirectoryNotFound}]", StringComparison.Ordinal)));

        // Nothing runs to stop; a second capture while one runs is refused and leaves the first alone.
        var none = Assert.Throws<VdeException>(() => Engine.StopCapture(new SwitchSpec()));
        Assert.Equal((ErrorIds.CaptureNotFound, VdeErrorCategory.ObjectNotFound), (none.ErrorId, none.Category));
        AssertUnchanged(snapshot, "refused capture requests");
        Assert.Empty(Engine.Captures(new SwitchSpec()));

        var first = NewPath("first");
        Engine.StartCapture(Engine.PrepareCapture(new SwitchSpec(), new CaptureRequest { Path = first }));
        var second = NewPath("second");
        var running = Assert.Throws<VdeException>(() => Engine.PrepareCapture(new SwitchSpec(), new CaptureRequest { Path = second }));
        Assert.Equal((ErrorIds.CaptureRunning, VdeErrorCategory.ResourceExists), (running.ErrorId, running.Category));
        Assert.Contains(first, running.Message, StringComparison.Ordinal);
        var again = Assert.Throws<VdeException>(() => Engine.PrepareCapture(new SwitchSpec(), new CaptureRequest { Path = first }));
        Assert.Equal(ErrorIds.CaptureRunning, again.ErrorId);
        Assert.False(File.Exists(second));
        Assert.Equal(first, Assert.Single(Engine.Captures(new SwitchSpec())).Path);
        Engine.StopCapture(new SwitchSpec());
    }

    [KernelFact]
    public void A_start_cancelled_after_any_step_leaves_no_file_record_or_plugin()
    {
        var sw = Engine.Create(new SwitchSpec()).Switch;
        CancelAfterwards(new SwitchSpec());
        var snapshot = SystemSnapshot.Take();
        string[] steps = ["created ", "recorded the capture", "loaded "];
        for (var stopAt = 0; stopAt < steps.Length; stopAt++)
        {
            var path = NewPath($"cancel{stopAt}");
            using var cancel = new CancellationTokenSource();
            var step = steps[stopAt];
            var engine = new SwitchManager(SwitchEnvironment.Default(), m =>
            {
                if (m.StartsWith(step, StringComparison.Ordinal))
                {
                    cancel.Cancel();
                }
            });
            var prepared = engine.PrepareCapture(new SwitchSpec(), new CaptureRequest { Path = path });
            Assert.Throws<OperationCanceledException>(() => engine.StartCapture(prepared, cancel.Token));
            Assert.False(File.Exists(path), $"cancelled at '{step}': {path} is left");
            Assert.False(File.Exists(Path.Combine(sw.SocketPath, CaptureFiles.RecordName)), $"cancelled at '{step}': the record is left");
            Assert.Empty(Engine.Captures(new SwitchSpec()));
        }

        AssertUnchanged(snapshot, "cancelled captures");
    }

    [KernelFact(Requires = "tshark")]
    public void A_user_captures_her_own_switch_into_her_own_file_without_root_and_is_refused_on_another_users()
    {
        var alice = Engine.Create(new SwitchSpec { Owner = KernelFixture.Alice }).Switch;
        CancelAfterwards(new SwitchSpec { Owner = KernelFixture.Alice });
        Engine.Create(new SwitchSpec { Owner = KernelFixture.Bob });
        CancelAfterwards(new SwitchSpec { Owner = KernelFixture.Bob });
        var cli = CliForUsers();
        var guest = PlugIn(alice.SocketPath, "alice-guest", "10.199.54.7/24");
        var path = NewPath("alice");

        var own = Sh.Run("runuser", ["-u", KernelFixture.Alice, "--", cli, "--file", path, "-X", "capture"]);
        Assert.True(own.ExitCode == 0, own.StandardError);
        var status = new UnixFiles().Stat(path)!;
        Assert.Equal((new UserDatabase().FindUser(KernelFixture.Alice)!.Uid, 0x180u), (status.Uid, status.Permissions));
        Sh.Run("ip", "netns", "exec", guest.Namespace, "ping", "-c", "2", "-i", "0.2", "-W", "1", "10.199.54.254");
        var stopped = Sh.Run("runuser", ["-u", KernelFixture.Alice, "--", cli, "--stop", "-X", "capture"]);
        Assert.True(stopped.ExitCode == 0, stopped.StandardError);
        // Nothing answers .254: the guest's ARP requests for it are what it sends.
        Assert.Contains("ARP", Tshark(path));
        Assert.Contains(guest.Mac, Sh.Ok("tshark", "-r", path, "-Y", "arp.dst.proto_ipv4 == 10.199.54.254", "-T", "fields", "-e", "eth.src"), StringComparison.Ordinal);

        // Root captures alice's switch: the file is still hers, made with her rights.
        var byRoot = NewPath("alice-by-root");
        Engine.StartCapture(Engine.PrepareCapture(new SwitchSpec { Owner = KernelFixture.Alice }, new CaptureRequest { Path = byRoot }));
        Assert.Equal(status.Uid, new UnixFiles().Stat(byRoot)!.Uid);
        Engine.StopCapture(new SwitchSpec { Owner = KernelFixture.Alice });

        var foreign = Sh.Run("runuser", ["-u", KernelFixture.Alice, "--", cli, "-u", KernelFixture.Bob, "--file", NewPath("bobs"), "capture"]);
        Assert.True(foreign.StandardError.Trim().EndsWith($"[{ErrorIds.NotSwitchOwner}]", StringComparison.Ordinal), foreign.StandardError);
        Assert.Empty(Engine.Captures(new SwitchSpec { Owner = KernelFixture.Bob }));
    }

    /// <summary>Three clients on the switch, .1, .2 and .3 of <paramref name="net"/>, with IPv6 off so that only the test's frames pass.</summary>
    private ((string Namespace, int Pid, string Mac) A, (string Namespace, int Pid, string Mac) B, (string Namespace, int Pid, string Mac) C) Clients(VdeSwitch sw, string net)
    {
        var clients = new[] { "a", "b", "c" }.Select((name, i) =>
        {
            var client = PlugIn(sw.SocketPath, $"client-{name}", $"{net}.{i + 1}/24");
            Sh.Ok("ip", "netns", "exec", client.Namespace, "sysctl", "-qw", "net.ipv6.conf.vdetap.disable_ipv6=1");
            return client;
        }).ToArray();
        return (clients[0], clients[1], clients[2]);
    }

    /// <summary>A free name in /var/tmp (sticky, root's), removed after the test.</summary>
    private string NewPath(string what)
    {
        var path = $"/var/tmp/ctysvde-capture-{Environment.ProcessId}-{what}.pcap";
        Defer($"remove {path}", () => File.Delete(path));
        return path;
    }

    private static void Ping(string ns, string address) =>
        Sh.Ok("ip", "netns", "exec", ns, "ping", "-c", "1", "-W", "5", address);

    /// <summary>The ICMP frames of the file as `SRC>DST TYPE SEQ`; the others as their protocol name. tshark reads the whole file or fails.</summary>
    private static List<string> Tshark(string path) =>
        Sh.Ok("tshark", "-r", path, "-T", "fields", "-E", "separator=|", "-e", "ip.src", "-e", "ip.dst", "-e", "icmp.type", "-e", "icmp.seq", "-e", "_ws.col.Protocol")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('|'))
            .Select(f => f[2] is "8" or "0" ? $"{f[0]}>{f[1]} {(f[2] == "8" ? "echo-request" : "echo-reply")} {f[3]}" : f[4])
            .ToList();
}
