namespace CtysVde.Commands;

/// <summary>What a cmdlet acts on when it is given neither names nor objects.</summary>
public enum TargetDefault
{
    /// <summary>The caller's own switch (/var/tmp/vde_switch0.USER), as the seed's command line does.</summary>
    CallersSwitch,

    /// <summary>Every switch of the host.</summary>
    AllSwitches,
}
