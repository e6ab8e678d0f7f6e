namespace CtysVde.Core.Errors;

/// <summary>Error categories, named as PowerShell's ErrorCategory so the module maps them one to one.</summary>
public enum VdeErrorCategory
{
    InvalidArgument,
    ObjectNotFound,
    PermissionDenied,
    ResourceUnavailable,
    ResourceExists,
    InvalidOperation,
    OperationTimeout,
    NotImplemented,
    NotInstalled,
    ConnectionError,
}
