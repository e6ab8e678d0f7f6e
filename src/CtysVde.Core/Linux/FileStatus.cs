namespace CtysVde.Core.Linux;

/// <summary>What lstat says about a path: its kind, owner and permission bits.</summary>
public sealed record FileStatus(string Path, FileKind Kind, uint Uid, uint Gid, uint Mode)
{
    /// <summary>Permission bits including setuid/setgid/sticky (the low 12 bits of st_mode).</summary>
    public uint Permissions => Mode & 0xFFF;

    /// <summary>The mode as `ls -l` shows it, e.g. `drwx--S---`.</summary>
    public string ModeString
    {
        get
        {
            var kind = Kind switch
            {
                FileKind.Directory => 'd',
                FileKind.Socket => 's',
                FileKind.SymbolicLink => 'l',
                FileKind.CharacterDevice => 'c',
                FileKind.BlockDevice => 'b',
                FileKind.Fifo => 'p',
                _ => '-',
            };
            var p = Permissions;
            Span<char> s = stackalloc char[10];
            s[0] = kind;
            s[1] = (p & 0x100) != 0 ? 'r' : '-';
            s[2] = (p & 0x80) != 0 ? 'w' : '-';
            s[3] = Special(p & 0x40, p & 0x800, 's');
            s[4] = (p & 0x20) != 0 ? 'r' : '-';
            s[5] = (p & 0x10) != 0 ? 'w' : '-';
            s[6] = Special(p & 0x8, p & 0x400, 's');
            s[7] = (p & 0x4) != 0 ? 'r' : '-';
            s[8] = (p & 0x2) != 0 ? 'w' : '-';
            s[9] = Special(p & 0x1, p & 0x200, 't');
            return new string(s);
        }
    }

    private static char Special(uint exec, uint special, char lower) =>
        (exec, special) switch
        {
            (0, 0) => '-',
            (_, 0) => 'x',
            (0, _) => char.ToUpperInvariant(lower),
            _ => lower,
        };
}
