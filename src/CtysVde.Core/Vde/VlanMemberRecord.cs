namespace CtysVde.Core.Vde;

/// <summary>One port's membership in one VLAN, as `vlan/allprint` shows it.</summary>
public sealed record VlanMemberRecord(int Vlan, int Port, bool Tagged, bool Active);
