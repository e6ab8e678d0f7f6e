using CtysVde.Core.Errors;
using CtysVde.Core.Linux;

namespace CtysVde.Core.Switches;

/// <summary>Runs a kernel step and turns its failure into an error with an id: permission, a taken name, or the kernel's refusal.</summary>
internal static class KernelCalls
{
    public static void Kernel(Action action, string what, string target) => Kernel<int>(() =>
    {
        action();
        return 0;
    }, what, target);

    public static T Kernel<T>(Func<T> action, string what, string target)
    {
        try
        {
            return action();
        }
        catch (PosixException e)
        {
            throw KernelError(e, target);
        }
        catch (UnexpectedFileException e)
        {
            throw new VdeException(ErrorIds.UnsafeSocketPath, VdeErrorCategory.InvalidArgument, $"{what}: {e.Message}", e.Found.Path, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VdeException(ErrorIds.KernelOperationFailed, VdeErrorCategory.ResourceUnavailable, $"{what} {target}: {e.Message}", target, e);
        }
    }

    public static VdeException KernelError(PosixException e, string target) =>
        e.Errno is LibC.ENOSPC or LibC.EDQUOT
            ? new VdeException(ErrorIds.NoSpace, VdeErrorCategory.ResourceUnavailable, e.Message, target, e)
            : e.Errno == LibC.ELOOP
                ? new VdeException(ErrorIds.UnsafeSocketPath, VdeErrorCategory.InvalidArgument, $"{e.Message}: a symbolic link is never followed", target, e)
            : e.Errno == LibC.EPERM || e.Errno == LibC.EACCES
            ? new VdeException(ErrorIds.PermissionDenied, VdeErrorCategory.PermissionDenied, $"{e.Message}: root or CAP_NET_ADMIN is needed", target, e)
            : e.Errno == LibC.EEXIST || e.Errno == LibC.EBUSY
                ? new VdeException(ErrorIds.TapExists, VdeErrorCategory.ResourceExists, e.Message, target, e)
                : new VdeException(ErrorIds.KernelOperationFailed, VdeErrorCategory.ResourceUnavailable, e.Message, target, e);
}
