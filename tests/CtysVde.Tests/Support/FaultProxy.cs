using System.Reflection;
using System.Runtime.ExceptionServices;

namespace CtysVde.Tests.Support;

/// <summary>One seam interface of the engine, passed through to the real implementation unless its <see cref="FaultPlan"/> fails the call.</summary>
public class FaultProxy<T> : DispatchProxy
    where T : class
{
    private T? _target;
    private string _seam = string.Empty;
    private FaultPlan? _plan;

    public static T Wrap(T target, string seam, FaultPlan plan)
    {
        var proxy = Create<T, FaultProxy<T>>();
        var self = (FaultProxy<T>)(object)proxy;
        (self._target, self._seam, self._plan) = (target, seam, plan);
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (_plan!.Before(_seam, targetMethod, args, out var answer))
        {
            return answer;
        }

        try
        {
            return targetMethod.Invoke(_target, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }
}
