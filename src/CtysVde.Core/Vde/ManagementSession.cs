using CtysVde.Core.Errors;

namespace CtysVde.Core.Vde;

/// <summary>
/// One management session for one query: connect, ask, close; every way it can fail (refused, denied, a timeout,
/// an answer that is not the protocol, an error code) becomes one ManagementFailed error naming the switch.
/// </summary>
public static class ManagementSession
{
    /// <param name="connector">How the socket is reached; the real connector when null (tests pass one that fails).</param>
    public static T With<T>(string managementSocket, string switchName, TimeSpan timeout, CancellationToken cancellation, Func<VdeManagementClient, T> query, IManagementConnector? connector = null)
    {
        try
        {
            using var client = connector is null ? VdeManagementClient.Connect(managementSocket, timeout, cancellation) : connector.Connect(managementSocket, timeout, cancellation);
            return query(client);
        }
        catch (ManagementConnectException e)
        {
            throw new VdeException(ErrorIds.ManagementFailed,
                e.Error == System.Net.Sockets.SocketError.AccessDenied ? VdeErrorCategory.PermissionDenied : VdeErrorCategory.ResourceUnavailable,
                e.Message, switchName, e);
        }
        catch (Exception e) when (e is TimeoutException or VdeProtocolException or System.Net.Sockets.SocketException)
        {
            throw new VdeException(ErrorIds.ManagementFailed, VdeErrorCategory.ResourceUnavailable, $"{managementSocket}: {e.Message}", switchName, e);
        }
    }

    /// <summary>Sends one command; an answer other than success is a ManagementFailed error.</summary>
    public static VdeReply Ask(VdeManagementClient client, string command)
    {
        var reply = client.Send(command);
        if (!reply.IsSuccess)
        {
            throw new VdeException(ErrorIds.ManagementFailed, VdeErrorCategory.ResourceUnavailable, $"the switch answered '{command}' with {reply.Code} {reply.Message}", client.Path);
        }

        return reply;
    }
}
