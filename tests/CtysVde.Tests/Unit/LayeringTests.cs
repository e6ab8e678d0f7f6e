using System.Text.RegularExpressions;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Unit;

/// <summary>
/// Issue 11, item 2: the engine's folders form layers. Errors sits at the bottom and knows no other folder; the
/// operations (Switches) sit at the top and no other folder knows them; and no two folders depend on each other,
/// however indirectly. Read from the sources, so that a new `using` or a qualified name breaks it at once.
/// </summary>
public partial class LayeringTests
{
    private static readonly string Engine = Path.Combine(PowerShellSession.RepositoryRoot, "src", "CtysVde.Core");

    [Fact]
    public void Errors_depend_on_no_other_folder() => Assert.Empty(Dependencies()["Errors"]);

    [Fact]
    public void No_folder_but_Switches_depends_on_the_operations()
    {
        var users = Dependencies().Where(d => d.Key != "Switches" && d.Value.Contains("Switches")).Select(d => d.Key);
        Assert.Empty(users);
    }

    [Fact]
    public void Daemon_control_lives_beside_the_protocol()
    {
        Assert.True(File.Exists(Path.Combine(Engine, "Vde", "VdeSwitchDaemon.cs")));
        Assert.False(File.Exists(Path.Combine(Engine, "Switches", "SwitchDaemon.cs")));
    }

    [Fact]
    public void No_two_folders_depend_on_each_other()
    {
        var graph = Dependencies();
        Assert.True(graph.Count >= 8, $"only {graph.Count} folders found: {string.Join(", ", graph.Keys)}");
        var cycles = new List<string>();
        foreach (var start in graph.Keys)
        {
            // Every folder reachable from start; start among them is a cycle.
            var seen = new HashSet<string>();
            var path = new Dictionary<string, string>();
            var queue = new Queue<string>(graph[start]);
            foreach (var d in graph[start])
            {
                path[d] = $"{start} -> {d}";
            }

            while (queue.TryDequeue(out var folder))
            {
                if (!seen.Add(folder) || !graph.TryGetValue(folder, out var next))
                {
                    continue;
                }

                foreach (var n in next)
                {
                    path.TryAdd(n, $"{path[folder]} -> {n}");
                    queue.Enqueue(n);
                }
            }

            if (seen.Contains(start))
            {
                cycles.Add(path[start]);
            }
        }

        Assert.True(cycles.Count == 0, "folder cycles:\n" + string.Join('\n', cycles));
    }

    /// <summary>Issue 11, item 1: each type one job; a file that grows past this is a type that took a second one.</summary>
    [Fact]
    public void No_engine_file_is_over_300_lines()
    {
        var files = Directory.EnumerateFiles(Engine, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (File: Path.GetRelativePath(Engine, f), Lines: File.ReadLines(f).Count()))
            .ToArray();
        Assert.True(files.Length > 50, $"only {files.Length} engine files found");
        Assert.Empty(files.Where(f => f.Lines > 300).Select(f => $"{f.File}: {f.Lines} lines"));
    }

    [Fact]
    public void The_reader_sees_qualified_names_and_usings()
    {
        var found = Referenced("using CtysVde.Core.Linux;\nvar x = Vde.PidFile.Read(p); var y = _env.Processes.Scan(); // Switches.SwitchManager\n");
        Assert.Equal(["Linux", "Vde"], found.Order());
    }

    /// <summary>Each folder of the engine and the other folders its code names.</summary>
    private static Dictionary<string, HashSet<string>> Dependencies()
    {
        var folders = Directory.GetDirectories(Engine).Select(Path.GetFileName).OfType<string>().Where(f => f is not ("bin" or "obj")).ToArray();
        return folders.ToDictionary(f => f, f => Directory.EnumerateFiles(Path.Combine(Engine, f), "*.cs", SearchOption.AllDirectories)
            .SelectMany(file => Referenced(File.ReadAllText(file)))
            .Where(d => d != f && folders.Contains(d))
            .ToHashSet());
    }

    /// <summary>The engine folders a source file names, by `using` or by a qualified name; comments are skipped.</summary>
    private static IEnumerable<string> Referenced(string source)
    {
        var code = string.Join('\n', source.Split('\n').Select(l => l.Contains("//", StringComparison.Ordinal) ? l[..l.IndexOf("//", StringComparison.Ordinal)] : l));
        return FolderName().Matches(code).Select(m => m.Groups["folder"].Value).Distinct();
    }

    [GeneratedRegex(@"(?:CtysVde\.Core\.|(?<![\w.]))(?<folder>Errors|Linux|Model|Privilege|Processes|Remote|Switches|Uplinks|Vde)\.[A-Z]|using CtysVde\.Core\.(?<folder>\w+);")]
    private static partial Regex FolderName();
}
