namespace CtysVde.Core.Model;

/// <summary>The checks Test-VdeCable runs, in the order they run.</summary>
public enum CableCheck
{
    /// <summary>Both ends are on their switches' ports and the cable's processes run.</summary>
    CableUp,

    /// <summary>A frame sent into the switch reaches the other switch through the cable.</summary>
    FramesAcross,

    /// <summary>A frame sent into the other switch comes back through the cable.</summary>
    FramesBack,
}
