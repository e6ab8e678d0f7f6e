namespace CtysVde.Core.Vde;

/// <summary>
/// Every VLAN of a switch and every port's memberships, from `vlan/allprint`. Each port that exists (active or
/// made ready with `port/create`) is an untagged member of exactly one VLAN, 0 by default; that is how a port's
/// existence is told.
/// </summary>
public sealed record VlanTable(IReadOnlyList<int> Vlans, IReadOnlyList<VlanMemberRecord> Members)
{
    public IEnumerable<int> Ports => Members.Where(m => !m.Tagged).Select(m => m.Port).Distinct().Order();

    public bool HasPort(int port) => Members.Any(m => m.Port == port && !m.Tagged);

    public bool HasVlan(int vlan) => Vlans.Contains(vlan);

    public int UntaggedOf(int port) => Members.FirstOrDefault(m => m.Port == port && !m.Tagged)?.Vlan ?? 0;

    public IReadOnlyList<int> TaggedOf(int port) => Members.Where(m => m.Port == port && m.Tagged).Select(m => m.Vlan).Order().ToArray();

    public bool IsActive(int port) => Members.Any(m => m.Port == port && m.Active);

    /// <summary>Whether any port but <paramref name="except"/> is a member of the VLAN, tagged or not.</summary>
    public bool UsedByOtherThan(int vlan, int except) => Members.Any(m => m.Vlan == vlan && m.Port != except);
}
