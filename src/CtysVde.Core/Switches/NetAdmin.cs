using CtysVde.Core.Errors;
using CtysVde.Core.Linux;

namespace CtysVde.Core.Switches;

/// <summary>The one check before anything touches TAPs and bridges: root or CAP_NET_ADMIN, or a clear refusal that changed nothing.</summary>
internal static class NetAdmin
{
    public static void Require(string action)
    {
        if (!Capabilities.HasNetAdmin())
        {
            throw new VdeException(ErrorIds.PermissionDenied, VdeErrorCategory.PermissionDenied,
                $"{action} needs root or CAP_NET_ADMIN to manage TAPs and bridges; run it as root (e.g. through sudo)", action);
        }
    }
}
