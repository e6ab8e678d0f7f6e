using System.Management.Automation;
using CtysVde.Core.Errors;
using CtysVde.Core.Switches;

namespace CtysVde;

/// <summary>Engine errors as PowerShell ErrorRecords: the stable id, a precise category, the name as target.</summary>
internal static class ErrorRecords
{
    public static ErrorRecord From(VdeException e) => new(e, e.ErrorId, Category(e.Category), e.Target);

    public static ErrorCategory Category(VdeErrorCategory category) => category switch
    {
        VdeErrorCategory.InvalidArgument => ErrorCategory.InvalidArgument,
        VdeErrorCategory.ObjectNotFound => ErrorCategory.ObjectNotFound,
        VdeErrorCategory.PermissionDenied => ErrorCategory.PermissionDenied,
        VdeErrorCategory.ResourceUnavailable => ErrorCategory.ResourceUnavailable,
        VdeErrorCategory.ResourceExists => ErrorCategory.ResourceExists,
        VdeErrorCategory.InvalidOperation => ErrorCategory.InvalidOperation,
        VdeErrorCategory.OperationTimeout => ErrorCategory.OperationTimeout,
        VdeErrorCategory.NotImplemented => ErrorCategory.NotImplemented,
        VdeErrorCategory.NotInstalled => ErrorCategory.NotInstalled,
        VdeErrorCategory.ConnectionError => ErrorCategory.ConnectionError,
        _ => ErrorCategory.NotSpecified,
    };
}
