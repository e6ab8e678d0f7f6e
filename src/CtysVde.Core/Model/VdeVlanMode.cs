namespace CtysVde.Core.Model;

/// <summary>How a switch port carries VLANs; the names are those of Hyper-V's Get-VMNetworkAdapterVlan.</summary>
public enum VdeVlanMode
{
    /// <summary>Untagged frames on the default VLAN 0, and no tagged VLAN: a port as vde_switch makes it.</summary>
    Untagged,

    /// <summary>An untagged member of one VLAN other than 0: the guest sees plain Ethernet, isolated in that VLAN.</summary>
    Access,

    /// <summary>A tagged member of one or more VLANs, and untagged on its native VLAN (0: the default one).</summary>
    Trunk,
}
