using System.Diagnostics;
using System.Net.Sockets;
using CtysVde.Core.Processes;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Integration;

/// <summary>
/// Hosts for the remote tests: network namespaces joined through a bridge in the test's own namespace, each
/// with its own sshd bound to its address (key authentication only) and its own mount namespace, in which
/// /run, /var/tmp, /root, /usr/local/bin, /usr/local/share and /etc/sudoers.d are directories of the host's
/// own. So switches on different hosts never see each other, a host has the CLI only if the test put it in
/// its /usr/local/bin, and nothing of a host reaches the real system.
/// </summary>
public abstract class SshHostsTest : KernelTest
{
    private const string Subnet = "10.199.40";
    private int _labCounter;

    protected SshHostsTest(KernelFixture fixture)
        : base(fixture)
    {
    }

    /// <summary>The lab's client side: the ssh config that names the hosts, and the hosts themselves.</summary>
    protected sealed record Lab(string Work, string SshConfig, IReadOnlyList<LabHost> Hosts)
    {
        /// <summary>The CLI run by the caller, with ssh told to use the lab's config.</summary>
        public ProcessResult Cli(params string[] args) =>
            Sh.Run("env", [$"CTYSVDE_SSH_COMMAND=ssh -F {SshConfig}", TestHost.Cli, .. args]);
    }

    /// <param name="Name">The host's name (its UTS hostname and its alias in the ssh config).</param>
    /// <param name="Root">The directory whose run/, var-tmp/, home/, bin/, share/ and sudoers.d/ the host sees in their places.</param>
    protected sealed record LabHost(string Name, string Namespace, string Address, string Root, string LanPort)
    {
        public int SshdPid { get; set; }

        public string VarTmp => Path.Combine(Root, "var-tmp");

        /// <summary>Why sshd refused a login, for a failing test's message.</summary>
        public string SshdLog => File.Exists(Path.Combine(Root, "sshd.log")) ? File.ReadAllText(Path.Combine(Root, "sshd.log")) : string.Empty;
    }

    /// <summary>
    /// Hosts host1…hostN; those in <paramref name="withoutCli"/> get no ctys-setupvde. Also in the config:
    /// `wrongkey`, host1 reached with a key it does not know.
    /// </summary>
    protected Lab StartLab(int count, params string[] withoutCli)
    {
        var work = Directory.CreateTempSubdirectory($"ctysvde-lab{++_labCounter}-").FullName;
        File.SetUnixFileMode(work, (UnixFileMode)0x1ED /* 0755: the test users' sshd sessions read the CLI from here */);
        var bridge = $"ctyslan{_labCounter}";
        Defer("remove the lab's files", () => Directory.Delete(work, recursive: true));
        RemoveMountBookkeepingAfterwards();
        Sh.Ok("ip", "link", "add", bridge, "type", "bridge");
        Defer($"delete {bridge}", () => Sh.Run("ip", "link", "del", bridge));
        Sh.Ok("ip", "addr", "add", $"{Subnet}.254/24", "dev", bridge);
        Sh.Ok("ip", "link", "set", bridge, "up");

        Sh.Ok("ssh-keygen", "-q", "-t", "ed25519", "-N", string.Empty, "-f", Path.Combine(work, "client_key"));
        Sh.Ok("ssh-keygen", "-q", "-t", "ed25519", "-N", string.Empty, "-f", Path.Combine(work, "stranger_key"));
        File.Copy(Path.Combine(work, "client_key.pub"), Path.Combine(work, "authorized_keys"));

        var hosts = new List<LabHost>();
        var config = new List<string>();
        for (var i = 1; i <= count; i++)
        {
            var host = StartHost(work, bridge, $"host{i}", $"{Subnet}.{10 + i}", !withoutCli.Contains($"host{i}"));
            hosts.Add(host);
            config.AddRange([$"Host {host.Name} {host.Address}", $"  HostName {host.Address}", $"  IdentityFile {work}/client_key"]);
        }

        // IdentityFile adds up over matching blocks, so only the host blocks name one.
        config.AddRange(["Host wrongkey", $"  HostName {hosts[0].Address}", $"  IdentityFile {work}/stranger_key"]);
        config.AddRange(["Host *", "  User root", "  IdentitiesOnly yes", "  StrictHostKeyChecking no", "  UserKnownHostsFile /dev/null",
            "  GlobalKnownHostsFile /dev/null"]);
        var sshConfig = Path.Combine(work, "ssh_config");
        File.WriteAllLines(sshConfig, config);

        // Each host's root reaches the others with the same config (cables across hosts run ssh there).
        foreach (var host in hosts)
        {
            var dotSsh = Directory.CreateDirectory(Path.Combine(host.Root, "home", ".ssh")).FullName;
            File.SetUnixFileMode(dotSsh, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.Copy(sshConfig, Path.Combine(dotSsh, "config"));
            File.SetUnixFileMode(Path.Combine(dotSsh, "config"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return new Lab(work, sshConfig, hosts);
    }

    /// <summary>Stops a host's sshd: new connections are refused, as on a host that went down.</summary>
    protected static void StopSshd(LabHost host) => StopProcess(host.SshdPid);

    /// <summary>What the host's /var/tmp and processes hold after a test: must be nothing of CtysVde.</summary>
    protected static void AssertHostClean(LabHost host)
    {
        Assert.Empty(Directory.GetFileSystemEntries(host.VarTmp));
        var pids = Sh.Ok("ip", "netns", "pids", host.Namespace).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.DoesNotContain(pids, p => File.ReadAllText($"/proc/{p.Trim()}/comm").TrimEnd('\n') == "vde_switch");
        Assert.DoesNotContain("tap", Sh.Ok("ip", "-n", host.Namespace, "-br", "link"), StringComparison.Ordinal);
    }

    private LabHost StartHost(string work, string bridge, string name, string address, bool withCli)
    {
        var ns = NewNamespace();
        var root = Path.Combine(work, name);
        foreach (var dir in new[] { "run/sshd", "var-tmp", "home", "bin", "share", "sudoers.d" })
        {
            Directory.CreateDirectory(Path.Combine(root, dir));
        }

        File.SetUnixFileMode(Path.Combine(root, "var-tmp"), (UnixFileMode)0x3FF /* 1777, as /var/tmp */);
        foreach (var dir in new[] { root, Path.Combine(root, "bin"), Path.Combine(root, "run"), Path.Combine(root, "run/sshd"), Path.Combine(root, "sudoers.d") })
        {
            File.SetUnixFileMode(dir, (UnixFileMode)0x1ED);
        }

        if (withCli)
        {
            File.Copy(TestHost.Cli, Path.Combine(root, "bin", "ctys-setupvde"));
            File.SetUnixFileMode(Path.Combine(root, "bin", "ctys-setupvde"), (UnixFileMode)0x1ED);
        }

        var port = $"lan{_labCounter}-{name[4..]}";
        Sh.Ok("ip", "link", "add", port, "type", "veth", "peer", "name", "lan0", "netns", ns);
        Defer($"delete {port}", () => Sh.Run("ip", "link", "del", port));
        Sh.Ok("ip", "link", "set", port, "master", bridge);
        Sh.Ok("ip", "link", "set", port, "up");
        Sh.Ok("ip", "-n", ns, "addr", "add", $"{address}/24", "dev", "lan0");
        Sh.Ok("ip", "-n", ns, "link", "set", "lan0", "up");

        Sh.Ok("ssh-keygen", "-q", "-t", "ed25519", "-N", string.Empty, "-f", Path.Combine(root, "host_key"));
        var sshdConfig = Path.Combine(root, "sshd_config");
        File.WriteAllLines(sshdConfig,
        [
            $"ListenAddress {address}", $"HostKey {root}/host_key", "PidFile none", $"AuthorizedKeysFile {work}/authorized_keys",
            "StrictModes no", "PermitRootLogin prohibit-password", "PasswordAuthentication no", "KbdInteractiveAuthentication no",
            "UsePAM no", "PrintMotd no", "PrintLastLog no",
        ]);

        // ip, unshare and sh each exec the next, so the pid is sshd's; -D keeps it in the foreground.
        var mounts = string.Join(" && ", new[] { ("run", "/run"), ("var-tmp", "/var/tmp"), ("home", "/root"), ("bin", "/usr/local/bin"), ("share", "/usr/local/share"), ("sudoers.d", "/etc/sudoers.d") }
            .Select(m => $"mount --bind {root}/{m.Item1} {m.Item2}"));
        using var sshd = Process.Start(new ProcessStartInfo("ip")
        {
            ArgumentList = { "netns", "exec", ns, "unshare", "--mount", "--uts", "--propagation", "private", "sh", "-c", $"hostname {name} && {mounts} && exec /usr/sbin/sshd -D -f {sshdConfig} -E {root}/sshd.log" },
            UseShellExecute = false,
        })!;
        var host = new LabHost(name, ns, address, root, port) { SshdPid = sshd.Id };
        Defer($"stop {name}'s sshd", () => StopProcess(host.SshdPid));
        Sh.WaitFor(() => Listening(address), $"{name}'s sshd on {address}:22");
        return host;
    }

    private static bool Listening(string address)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(address, 22);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
