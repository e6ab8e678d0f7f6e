namespace CtysVde.Core.Switches;

/// <summary>The seed's naming, byte for byte: QEMU configurations written against ctys-setupVDE keep working.</summary>
public static class SwitchPaths
{
    public const string SocketBase = "/var/tmp";
    public const string SocketPrefix = "vde_switch0.";
    public const string ManagementPrefix = "vde_mgmt0.";
    public const string PidFileDirectory = Vde.SwitchProcess.PidFileDirectory;
    public const string DefaultBridge = "ctysbr0";
    public const string TapTemplate = "tap%d";

    /// <summary>Follows the pidfile's name in the name of the switch's address log (<see cref="ResolvedSwitch.AddressLog"/>).</summary>
    public const string AddressLogSuffix = ".iplog";

    /// <summary>Marks a TAP as CtysVde's and names its switch, so an orphan is recognised after a crash.</summary>
    public const string TapAliasPrefix = "ctysvde sock=";

    /// <summary>Marks a bridge CtysVde created, the only kind it will ever delete.</summary>
    public const string BridgeAlias = "ctysvde created";

    /// <summary>
    /// Marks a bridge `create` made to hold switches' TAPs (not asked for with New-VdeBridge, holding no uplink):
    /// one with nothing attached is a leftover that any cancel removes.
    /// </summary>
    public const string SwitchBridgeAlias = "ctysvde created for switches";

    /// <summary>How vde_switch is started for <paramref name="r"/> on <paramref name="tap"/>: as its owner, unless that is root.</summary>
    public static Vde.VdeSwitchLaunch Launch(ResolvedSwitch r, string tap) =>
        new(r.Name, r.SocketPath, r.ManagementSocket, r.PidFile, tap, r.SetgidGroup?.Name) { RunAs = r.Owner.Uid == 0 ? null : (r.Owner.Uid, r.Group.Gid) };

    /// <summary>The name a bridge is born under before it is marked and renamed (at most 15 bytes: pids stay below 2^22).</summary>
    public const string NurseryPrefix = "ctysvde-";

    public static string NurseryBridge(int pid) => NurseryPrefix + pid.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The pid of the process that was creating a bridge still under its birth name.</summary>
    public static int? NurseryOwner(string name) =>
        name.StartsWith(NurseryPrefix, StringComparison.Ordinal)
        && int.TryParse(name.AsSpan(NurseryPrefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid)
            ? pid
            : null;

    /// <summary>Follows <see cref="BridgeAlias"/> (or <see cref="SwitchBridgeAlias"/>) on a bridge that holds an uplink CtysVde moved in.</summary>
    public const string UplinkAliasPart = " uplink=";

    /// <summary>Follows the uplink when a connection manager was asked to let go of it until the bridge goes.</summary>
    public const string ManagerAliasPart = " manager=";

    /// <summary>The mark of a bridge New-VdeBridge made around an uplink: it stays until it is removed on request.</summary>
    public static string BridgeAliasWithUplink(string uplink, string? manager = null) =>
        BridgeAlias + UplinkAliasPart + uplink + (manager is null ? string.Empty : ManagerAliasPart + manager);

    /// <summary>
    /// The mark of a bridge `create -i` made around an uplink for its switch: once no TAP is on it (the switch
    /// went, or its create was killed before the TAP came), any later call gives the uplink back and removes it.
    /// </summary>
    public static string SwitchBridgeAliasWithUplink(string uplink, string? manager = null) =>
        SwitchBridgeAlias + UplinkAliasPart + uplink + (manager is null ? string.Empty : ManagerAliasPart + manager);

    /// <summary>Whether a bridge's alias says create made it for switches (with or without an uplink).</summary>
    public static bool IsMadeForSwitches(string? alias) =>
        alias == SwitchBridgeAlias || (alias is not null && alias.StartsWith(SwitchBridgeAlias + UplinkAliasPart, StringComparison.Ordinal));

    /// <summary>Whether a bridge's alias says CtysVde created it (for switches, on request, or around an uplink).</summary>
    public static bool IsCreatedByCtysVde(string? alias) => alias == BridgeAlias || alias == SwitchBridgeAlias || UplinkOf(alias) is not null;

    /// <summary>The uplink named in a bridge's alias, if CtysVde moved one in.</summary>
    public static string? UplinkOf(string? alias) =>
        alias is null ? null
        : alias.StartsWith(BridgeAlias + UplinkAliasPart, StringComparison.Ordinal) ? alias[(BridgeAlias.Length + UplinkAliasPart.Length)..].Split(' ')[0]
        : alias.StartsWith(SwitchBridgeAlias + UplinkAliasPart, StringComparison.Ordinal) ? alias[(SwitchBridgeAlias.Length + UplinkAliasPart.Length)..].Split(' ')[0]
        : null;

    /// <summary>The connection manager to give the uplink back to when the bridge goes, if one was asked to let go.</summary>
    public static string? ManagerOf(string? alias) =>
        UplinkOf(alias) is not null && alias!.IndexOf(ManagerAliasPart, StringComparison.Ordinal) is var at and >= 0 ? alias[(at + ManagerAliasPart.Length)..] : null;

    public static string DefaultSocketPath(string user) => $"{SocketBase}/{SocketPrefix}{user}";

    public static string DefaultManagementSocket(string user) => $"{SocketBase}/{ManagementPrefix}{user}";

    public static string DefaultPidFile(string managementSocket) => $"{PidFileDirectory}/{Path.GetFileName(managementSocket)}";

    public static string NameOf(string socketPath) => Path.GetFileName(socketPath.TrimEnd('/'));

    /// <summary>vde_switch's own default data socket when started without `-s`.</summary>
    public static string DaemonDefaultSocket(uint uid) => uid == 0 ? "/var/run/vde.ctl" : "/tmp/vde.ctl";
}
