using System.Globalization;
using CtysVde.Core.Linux;

namespace CtysVde.Tests.Support;

/// <summary>
/// Bridges in a directory that looks like /sys/class/net to <see cref="SysfsNet"/>, for engine tests that need no
/// root and no namespace: what the seam (<see cref="INetworkKernel"/>) makes possible. Only bridges; a call this
/// fake does not model fails loudly rather than pretending.
/// </summary>
public sealed class FakeKernel : INetworkKernel
{
    private readonly string _root;

    public FakeKernel(string root)
    {
        _root = root;
    }

    public void CreateBridge(string name)
    {
        var dir = Path.Combine(_root, name);
        if (Directory.Exists(dir))
        {
            throw new PosixException("SIOCBRADDBR", LibC.EEXIST);
        }

        Directory.CreateDirectory(Path.Combine(dir, "bridge"));
        Directory.CreateDirectory(Path.Combine(dir, "brif"));
        File.WriteAllText(Path.Combine(dir, "flags"), "0x1002\n");
    }

    public void DeleteBridge(string name)
    {
        var dir = Path.Combine(_root, name);
        if (!Directory.Exists(dir))
        {
            throw new PosixException("SIOCBRDELBR", LibC.ENXIO);
        }

        Directory.Delete(dir, recursive: true);
    }

    public void Rename(string name, string newName)
    {
        if (Directory.Exists(Path.Combine(_root, newName)))
        {
            throw new PosixException("SIOCSIFNAME", LibC.EEXIST);
        }

        Directory.Move(Path.Combine(_root, name), Path.Combine(_root, newName));
    }

    public void SetUp(string name, bool up)
    {
        var flags = Path.Combine(_root, name, "flags");
        var value = int.Parse(File.ReadAllText(flags).Trim()[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        File.WriteAllText(flags, $"0x{(up ? value | 1 : value & ~1).ToString("x", CultureInfo.InvariantCulture)}\n");
    }

    public void WriteAttribute(string name, string attribute, string value) =>
        File.WriteAllText(Path.Combine(_root, name, attribute), value + "\n");

    public string CreateTap(string name, uint uid, uint gid, Action<string>? mark = null) => throw new NotSupportedException("the fake kernel models bridges only");

    public void DeleteTap(string name) => throw new NotSupportedException("the fake kernel models bridges only");

    public void AddToBridge(string bridge, string member) => throw new NotSupportedException("the fake kernel models bridges only");

    public void RemoveFromBridge(string bridge, string member) => throw new NotSupportedException("the fake kernel models bridges only");
}
