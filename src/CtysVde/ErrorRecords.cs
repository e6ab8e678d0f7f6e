using System.Management.Automation;
using CtysVde.Core.Errors;
using CtysVde.Core.Switches;

namespace CtysVde;

/// <summary>Engine errors as PowerShell ErrorRecords: the stable id, a precise category, the name as target.</summary>
internal static class ErrorRecords
{
    /// <summary>
    /// The record's message is the engine's with its remedies in PowerShell's words (the exception's own message
    /// names none); the remedies also go to RecommendedAction, where PowerShell users look for them.
    /// </summary>
    public static ErrorRecord From(VdeException e)
    {
        var record = new ErrorRecord(e, e.ErrorId, Category(e.Category), e.Target);
        if (PowerShellWords.Instance.Say(e.Remedies) is { } remedy)
        {
            record.ErrorDetails = new ErrorDetails(PowerShellWords.Instance.Describe(e)) { RecommendedAction = remedy };
        }

        return record;
    }

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
