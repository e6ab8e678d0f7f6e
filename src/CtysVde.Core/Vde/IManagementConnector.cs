namespace CtysVde.Core.Vde;

/// <summary>
/// How the engine reaches a switch's management socket. An interface so that tests can fail any one connection
/// (a daemon that does not answer) and prove the undo; <see cref="ManagementConnector"/> is the real one.
/// </summary>
public interface IManagementConnector
{
    /// <summary>Connects without following a link at <paramref name="path"/>; ManagementConnectException or TimeoutException when it cannot.</summary>
    VdeManagementClient Connect(string path, TimeSpan timeout, CancellationToken cancellation = default);
}
