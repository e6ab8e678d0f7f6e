namespace CtysVde.Core.Vde;

/// <summary>The real connection to a management socket (<see cref="VdeManagementClient.Connect"/>).</summary>
public sealed class ManagementConnector : IManagementConnector
{
    public VdeManagementClient Connect(string path, TimeSpan timeout, CancellationToken cancellation = default) =>
        VdeManagementClient.Connect(path, timeout, cancellation);
}
