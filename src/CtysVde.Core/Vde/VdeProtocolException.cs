namespace CtysVde.Core.Vde;

/// <summary>The switch answered something that is not the vde_switch management protocol.</summary>
public sealed class VdeProtocolException : Exception
{
    public VdeProtocolException(string message)
        : base(message)
    {
    }
}
