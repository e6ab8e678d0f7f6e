using System.Globalization;

namespace CtysVde.Core.Linux;

/// <summary>The one walk over /proc: each process's pid and directory (a process may end while it is being read).</summary>
public static class ProcessDirectories
{
    public static IEnumerable<(int Pid, string Directory)> Under(string procRoot = "/proc")
    {
        foreach (var dir in Directory.EnumerateDirectories(procRoot))
        {
            var name = Path.GetFileName(dir);
            if (name.Length > 0 && char.IsAsciiDigit(name[0]) && int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                yield return (pid, dir);
            }
        }
    }
}
