namespace CtysVde.Core.Model;

/// <summary>The checks `check` / Test-VdeSwitch run, in the order they run.</summary>
public enum HealthCheck
{
    ProcessAlive,
    ManagementAnswers,
    TapEndpoint,
    TapUp,
    TapForwarding,
    TapOwnership,
    SocketAccess,
}
