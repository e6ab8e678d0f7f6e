namespace CtysVde.Tests.Support;

/// <summary>
/// The serial console of a disk-less test guest (Guest/*-init.sh), which QEMU writes to a file: the guest's init
/// prints what it finds as "RESULT key=value" lines there, and the tests read and assert them here.
/// </summary>
public static class GuestConsole
{
    public static string Read(string path) => File.Exists(path) ? File.ReadAllText(path) : "(no console output)";

    /// <summary>The guest's "RESULT key=value" lines (the last of each key).</summary>
    public static Dictionary<string, string> Results(string console)
    {
        var results = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in console.Split('\n'))
        {
            var text = line.TrimEnd('\r');
            if (text.StartsWith("RESULT ", StringComparison.Ordinal) && text.IndexOf('=', StringComparison.Ordinal) is > 7 and var eq)
            {
                results[text[7..eq]] = text[(eq + 1)..];
            }
        }

        return results;
    }

    /// <summary>
    /// Waits until a guest that stays up has printed <paramref name="key"/>; returns every result so far, or fails
    /// with the console so far.
    /// </summary>
    public static Dictionary<string, string> WaitFor(string path, string key, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var output = File.Exists(path) ? File.ReadAllText(path) : string.Empty;

            // Only whole lines: QEMU may be in the middle of writing the one waited for.
            var results = Results(output[..(output.LastIndexOf('\n') + 1)]);
            if (results.ContainsKey(key))
            {
                return results;
            }

            Xunit.Assert.True(DateTime.UtcNow < deadline, $"the guest printed no {key} within {timeout.TotalSeconds} s; its console:\n{output}");
            Thread.Sleep(100);
        }
    }
}
