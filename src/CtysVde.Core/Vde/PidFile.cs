using System.Globalization;

namespace CtysVde.Core.Vde;

/// <summary>vde_switch's pidfile: a claim only, never proof (see UnixSocketTable for what proves a daemon).</summary>
public static class PidFile
{
    /// <summary>The pid written in <paramref name="path"/>, or null when it is missing, unreadable or not a number.</summary>
    public static int? Read(string path)
    {
        var text = Linux.SmallFile.ReadText(path)?.Trim();
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }
}
