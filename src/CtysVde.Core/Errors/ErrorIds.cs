namespace CtysVde.Core.Errors;

/// <summary>The stable error ids; documented in README.md and the module help.</summary>
public static class ErrorIds
{
    public const string InvalidUser = "InvalidUser";
    public const string InvalidGroup = "InvalidGroup";
    public const string InvalidSetgidGroup = "InvalidSetgidGroup";
    public const string InvalidBridgeName = "InvalidBridgeName";
    public const string NotABridge = "NotABridge";
    public const string InvalidTapName = "InvalidTapName";
    public const string TapExists = "TapExists";
    public const string InvalidSocketPath = "InvalidSocketPath";
    public const string UnsafeSocketPath = "UnsafeSocketPath";
    public const string VdeSwitchNotInstalled = "VdeSwitchNotInstalled";
    public const string SwitchNotFound = "SwitchNotFound";
    public const string SwitchNotRunning = "SwitchNotRunning";
    public const string SwitchUnhealthy = "SwitchUnhealthy";
    public const string SwitchStartFailed = "SwitchStartFailed";
    public const string SwitchStopFailed = "SwitchStopFailed";
    public const string SwitchNotRemoved = "SwitchNotRemoved";
    public const string ManagementFailed = "ManagementFailed";
    public const string KernelOperationFailed = "KernelOperationFailed";
    public const string PermissionDenied = "PermissionDenied";
    public const string LockTimeout = "LockTimeout";
    public const string UnsafeLockFile = "UnsafeLockFile";
    public const string NoSpace = "NoSpace";
    public const string SocketInUse = "SocketInUse";
    public const string SwitchMismatch = "SwitchMismatch";
    public const string ForeignHost = "ForeignHost";
    public const string InvalidVlanId = "InvalidVlanId";
    public const string InvalidPort = "InvalidPort";
    public const string NotSwitchOwner = "NotSwitchOwner";
    public const string TapNotFound = "TapNotFound";
    public const string BridgeNotFound = "BridgeNotFound";
    public const string InvalidInterface = "InvalidInterface";
    public const string InvalidProbeTarget = "InvalidProbeTarget";
    public const string UplinkInUse = "UplinkInUse";
    public const string UplinkManaged = "UplinkManaged";
    public const string UplinkLost = "UplinkLost";
    public const string BridgeExists = "BridgeExists";
    public const string ForeignBridge = "ForeignBridge";
    public const string BridgeInUse = "BridgeInUse";
    public const string InvalidTarget = "InvalidTarget";
    public const string HostUnreachable = "HostUnreachable";
    public const string LoginRefused = "LoginRefused";
    public const string RemoteToolMissing = "RemoteToolMissing";
    public const string RemoteFailed = "RemoteFailed";
    public const string ElevationRefused = "ElevationRefused";
    public const string ElevationUnavailable = "ElevationUnavailable";
    public const string SwitchInUse = "SwitchInUse";
    public const string ConfirmationRequired = "ConfirmationRequired";
}
