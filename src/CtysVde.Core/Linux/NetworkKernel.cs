using System.Runtime.InteropServices;
using System.Text;

namespace CtysVde.Core.Linux;

/// <summary>
/// TAP and bridge operations through the kernel's own ioctls: no `ip`, `brctl` or `vde_tunctl` processes,
/// so each step costs microseconds and fails with the kernel's own errno.
/// </summary>
public sealed class NetworkKernel : INetworkKernel
{
    private const nuint TUNSETIFF = 0x400454ca;
    private const nuint TUNSETPERSIST = 0x400454cb;
    private const nuint TUNSETOWNER = 0x400454cc;
    private const nuint TUNSETGROUP = 0x400454ce;
    private const nuint SIOCGIFFLAGS = 0x8913;
    private const nuint SIOCSIFFLAGS = 0x8914;
    private const nuint SIOCGIFINDEX = 0x8933;
    private const nuint SIOCSIFNAME = 0x8923;
    private const nuint SIOCBRADDBR = 0x89a0;
    private const nuint SIOCBRDELBR = 0x89a1;
    private const nuint SIOCBRADDIF = 0x89a2;
    private const nuint SIOCBRDELIF = 0x89a3;

    public const short IFF_TUN = 0x1;
    public const short IFF_TAP = 0x2;
    public const short IFF_MULTI_QUEUE = 0x100;
    public const short IFF_NO_PI = 0x1000;
    public const short IFF_VNET_HDR = 0x4000;
    private const short IFF_TUN_EXCL = unchecked((short)0x8000);
    private const short IFF_UP = 0x1;
    private const int IfReqSize = 40;

    private readonly string _tunDevice;
    private readonly SysfsNet _sysfs;

    public NetworkKernel(SysfsNet sysfs, string tunDevice = "/dev/net/tun")
    {
        _sysfs = sysfs;
        _tunDevice = tunDevice;
    }

    /// <summary>
    /// Creates a persistent TAP owned by uid/gid. <paramref name="name"/> may be a template such as `tap%d`,
    /// in which case the kernel picks the first free number atomically. IFF_TUN_EXCL makes the call fail
    /// instead of silently attaching to (and re-owning) a TAP that already exists. <paramref name="mark"/> runs
    /// before the TAP is made persistent: until then it lives only as long as this descriptor, so a failure, or a
    /// kill -9 of this process, at any point before it is marked leaves nothing behind.
    /// </summary>
    public unsafe string CreateTap(string name, uint uid, uint gid, Action<string>? mark = null)
    {
        var fd = OpenTun();
        try
        {
            var ifr = stackalloc byte[IfReqSize];
            SetName(ifr, name);
            *(short*)(ifr + 16) = (short)(IFF_TAP | IFF_NO_PI | IFF_TUN_EXCL);
            Check(LibC.ioctl(fd, TUNSETIFF, ifr), $"create TAP {name}");
            var actual = GetName(ifr);
            Check(LibC.ioctlValue(fd, TUNSETOWNER, uid), $"set owner of TAP {actual}");
            Check(LibC.ioctlValue(fd, TUNSETGROUP, gid), $"set group of TAP {actual}");
            mark?.Invoke(actual);
            Check(LibC.ioctlValue(fd, TUNSETPERSIST, 1), $"make TAP {actual} persistent");
            return actual;
        }
        finally
        {
            LibC.close(fd);
        }
    }

    /// <summary>Deletes a persistent TAP by attaching to it and clearing the persist flag.</summary>
    public unsafe void DeleteTap(string name)
    {
        var flags = _sysfs.TunFlags(name) ?? throw new PosixException($"delete TAP {name}", LibC.ENODEV);
        var fd = OpenTun();
        try
        {
            var ifr = stackalloc byte[IfReqSize];
            SetName(ifr, name);
            *(short*)(ifr + 16) = (short)(flags & (IFF_TUN | IFF_TAP | IFF_NO_PI | IFF_MULTI_QUEUE | IFF_VNET_HDR));
            Check(LibC.ioctl(fd, TUNSETIFF, ifr), $"open TAP {name}");
            Check(LibC.ioctlValue(fd, TUNSETPERSIST, 0), $"clear persist flag of TAP {name}");
        }
        finally
        {
            LibC.close(fd);
        }
    }

    public void SetUp(string name, bool up) => WithSocket(fd => SetUpCore(fd, name, up));

    public unsafe void CreateBridge(string name) => WithSocket(fd =>
    {
        var buf = stackalloc byte[16];
        SetName(buf, name);
        Check(LibC.ioctl(fd, SIOCBRADDBR, buf), $"create bridge {name}");
    });

    public unsafe void DeleteBridge(string name) => WithSocket(fd =>
    {
        SetUpCore(fd, name, false);
        var buf = stackalloc byte[16];
        SetName(buf, name);
        Check(LibC.ioctl(fd, SIOCBRDELBR, buf), $"delete bridge {name}");
    });

    /// <summary>Renames a link (it must be down); EEXIST when the new name is taken.</summary>
    public unsafe void Rename(string name, string newName) => WithSocket(fd =>
    {
        var ifr = stackalloc byte[IfReqSize];
        SetName(ifr, name);
        SetName(ifr + 16, newName);
        Check(LibC.ioctl(fd, SIOCSIFNAME, ifr), $"rename {name} to {newName}");
    });

    public void WriteAttribute(string name, string attribute, string value) => _sysfs.Write(name, attribute, value);

    public void AddToBridge(string bridge, string member) => BridgeMember(bridge, member, SIOCBRADDIF, "attach");

    public void RemoveFromBridge(string bridge, string member) => BridgeMember(bridge, member, SIOCBRDELIF, "detach");

    private unsafe void BridgeMember(string bridge, string member, nuint request, string verb) => WithSocket(fd =>
    {
        var ifr = stackalloc byte[IfReqSize];
        SetName(ifr, member);
        Check(LibC.ioctl(fd, SIOCGIFINDEX, ifr), $"find interface {member}");
        var index = *(int*)(ifr + 16);
        new Span<byte>(ifr, IfReqSize).Clear();
        SetName(ifr, bridge);
        *(int*)(ifr + 16) = index;
        Check(LibC.ioctl(fd, request, ifr), $"{verb} {member} {(verb == "attach" ? "to" : "from")} bridge {bridge}");
    });

    private static unsafe void SetUpCore(int fd, string name, bool up)
    {
        var ifr = stackalloc byte[IfReqSize];
        SetName(ifr, name);
        Check(LibC.ioctl(fd, SIOCGIFFLAGS, ifr), $"read flags of {name}");
        var flags = *(short*)(ifr + 16);
        var wanted = up ? (short)(flags | IFF_UP) : (short)(flags & ~IFF_UP);
        if (wanted != flags)
        {
            *(short*)(ifr + 16) = wanted;
            Check(LibC.ioctl(fd, SIOCSIFFLAGS, ifr), $"set {name} {(up ? "up" : "down")}");
        }
    }

    private int OpenTun()
    {
        var fd = LibC.open(_tunDevice, LibC.O_RDWR | LibC.O_CLOEXEC, 0);
        if (fd < 0)
        {
            throw new PosixException($"open {_tunDevice}", Marshal.GetLastPInvokeError());
        }

        return fd;
    }

    private static void WithSocket(Action<int> action)
    {
        var fd = LibC.socket(LibC.AF_UNIX, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0);
        if (fd < 0)
        {
            throw new PosixException("socket", Marshal.GetLastPInvokeError());
        }

        try
        {
            action(fd);
        }
        finally
        {
            LibC.close(fd);
        }
    }

    private static void Check(int rc, string operation)
    {
        if (rc < 0)
        {
            throw new PosixException(operation, Marshal.GetLastPInvokeError());
        }
    }

    private static unsafe void SetName(byte* buffer, string name)
    {
        var bytes = Encoding.UTF8.GetBytes(name);
        if (bytes.Length > 15)
        {
            throw new ArgumentException($"interface name '{name}' is longer than 15 bytes", nameof(name));
        }

        new Span<byte>(buffer, 16).Clear();
        bytes.CopyTo(new Span<byte>(buffer, 16));
    }

    private static unsafe string GetName(byte* buffer)
    {
        var span = new ReadOnlySpan<byte>(buffer, 16);
        var end = span.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? span : span[..end]);
    }
}
