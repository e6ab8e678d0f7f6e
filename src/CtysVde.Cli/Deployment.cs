using System.Formats.Tar;
using CtysVde.Core.Errors;
using CtysVde.Core.Remote;

namespace CtysVde.Cli;

/// <summary>
/// `ctys-setupvde -r host1,host2 deploy [--module DIR] [--prefix DIR]`: installs this very program (it is one
/// self-contained file) and optionally the PowerShell module on every host at once, as one tar stream over ssh
/// that the host unpacks under the prefix; each host then runs `ctys-setupvde -V` to prove it works there.
/// </summary>
internal sealed class Deployment
{
    public const string DefaultPrefix = "/usr/local";

    private readonly CliArguments _a;
    private readonly SshFanOut _ssh;

    public Deployment(CliArguments a, SshFanOut ssh)
    {
        _a = a;
        _ssh = ssh;
    }

    public int Run(IReadOnlyList<RemoteTarget> targets, ResultWriter output, TextWriter stderr, CancellationToken cancellation)
    {
        var program = Environment.ProcessPath ?? throw new CliUsageException("cannot tell where this program is, so it cannot copy itself");
        if (_a.ModulePath is { } module && !File.Exists(Path.Combine(module, "CtysVde.psd1")))
        {
            throw new CliUsageException($"option '--module' needs the module folder with CtysVde.psd1 in it; '{module}' has none");
        }

        var prefix = _a.Prefix ?? DefaultPrefix;
        var moduleDir = $"share/powershell/Modules/CtysVde/{CommandLine.VersionNumber}";
        var archive = Archive(program, _a.ModulePath, moduleDir);

        // "~" is the login user's home on that host, so it is left for the remote shell to expand.
        var remotePrefix = prefix == "~" ? "\"$HOME\"" : prefix.StartsWith("~/", StringComparison.Ordinal) ? "\"$HOME\"/" + ShellQuote.Word(prefix[2..]) : ShellQuote.Word(prefix);
        var command = $"umask 022 && mkdir -p {remotePrefix} && tar -C {remotePrefix} --no-same-owner -xf - && {remotePrefix}/bin/{SshFanOut.RemoteProgram} -V";
        var replies = _ssh.Run(targets, _ => command, archive, cancellation);

        var installed = new List<(string, string, string)>();
        var exit = CommandLine.ExitOk;
        foreach (var reply in replies)
        {
            if (reply.Failure is { } failure)
            {
                stderr.WriteLine(ErrorLine.Format(CommandLineWords.Instance.Describe(failure), failure.ErrorId));
                exit = CommandLine.ExitMissingEnvironment;
                continue;
            }

            var version = reply.StandardOutput.Trim().Replace($"{SshFanOut.RemoteProgram} ", string.Empty, StringComparison.Ordinal).Replace(" (CtysVde)", string.Empty, StringComparison.Ordinal);
            installed.Add((reply.Target.ToString(), version, $"{prefix}/bin/{SshFanOut.RemoteProgram}" + (_a.ModulePath is null ? string.Empty : $", {prefix}/{moduleDir}")));
        }

        output.Deployed(installed);
        return exit;
    }

    /// <summary>bin/ctys-setupvde and, with a module, share/powershell/Modules/CtysVde/VERSION/ (pwsh's AllUsers path under /usr/local): the manifest, module/ and en-US/.</summary>
    private static byte[] Archive(string program, string? module, string moduleDir)
    {
        using var buffer = new MemoryStream();
        using (var tar = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            Add(tar, program, $"bin/{SshFanOut.RemoteProgram}", executable: true);
            if (module is not null)
            {
                Add(tar, Path.Combine(module, "CtysVde.psd1"), $"{moduleDir}/CtysVde.psd1", executable: false);

                // The binaries and views, and the help beside the manifest (Get-Help reads <module base>/en-US/).
                foreach (var folder in new[] { "module", "en-US" })
                {
                    var source = Path.Combine(module, folder);
                    foreach (var file in Directory.Exists(source) ? Directory.GetFiles(source, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray() : [])
                    {
                        Add(tar, file, $"{moduleDir}/{folder}/{Path.GetRelativePath(source, file)}", executable: false);
                    }
                }
            }
        }

        return buffer.ToArray();
    }

    private static void Add(TarWriter tar, string path, string name, bool executable)
    {
        using var data = File.OpenRead(path);
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            DataStream = data,
            Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead
                | (executable ? UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute : UnixFileMode.None),
        };
        tar.WriteEntry(entry);
    }
}
