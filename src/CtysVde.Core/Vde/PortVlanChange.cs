using System.Globalization;

namespace CtysVde.Core.Vde;

/// <summary>
/// The management commands that take one port from the VLANs it has to the ones asked for, in an order in
/// which vde_switch accepts each and every prefix can be undone in reverse: a port that does not exist yet is
/// made ready first (so QEMU can attach to it later by number), missing VLANs are created, tagged memberships
/// that go are dropped before the untagged VLAN changes (vde_switch refuses a port tagged and untagged in one
/// VLAN), new ones are added after it, and last the VLANs the port left are removed when no port uses them.
/// </summary>
public static class PortVlanChange
{
    public static IReadOnlyList<ManagementStep> Steps(VlanTable current, int port, int untagged, IReadOnlyCollection<int> tagged)
    {
        var steps = new List<ManagementStep>();
        var p = Text(port);
        if (!current.HasPort(port))
        {
            steps.Add(new($"port/create {p}", $"port/remove {p}", $"make port {p} ready for a client"));
        }

        foreach (var vlan in tagged.Append(untagged).Where(v => v != 0 && !current.HasVlan(v)).Distinct().Order())
        {
            steps.Add(new($"vlan/create {Text(vlan)}", $"vlan/remove {Text(vlan)}", $"create VLAN {Text(vlan)}"));
        }

        var oldUntagged = current.UntaggedOf(port);
        var oldTagged = current.TaggedOf(port);
        foreach (var vlan in oldTagged.Except(tagged).Order())
        {
            steps.Add(new($"vlan/delport {Text(vlan)} {p}", $"vlan/addport {Text(vlan)} {p}", $"take port {p} out of tagged VLAN {Text(vlan)}"));
        }

        if (untagged != oldUntagged)
        {
            steps.Add(new($"port/setvlan {p} {Text(untagged)}", $"port/setvlan {p} {Text(oldUntagged)}", $"set the untagged VLAN of port {p} to {Text(untagged)} (was {Text(oldUntagged)})"));
        }

        foreach (var vlan in tagged.Except(oldTagged).Order())
        {
            steps.Add(new($"vlan/addport {Text(vlan)} {p}", $"vlan/delport {Text(vlan)} {p}", $"add port {p} to VLAN {Text(vlan)}, tagged"));
        }

        var kept = tagged.Append(untagged).ToHashSet();
        foreach (var vlan in oldTagged.Append(oldUntagged).Where(v => v != 0 && !kept.Contains(v) && !current.UsedByOtherThan(v, port)).Distinct().Order())
        {
            steps.Add(new($"vlan/remove {Text(vlan)}", $"vlan/create {Text(vlan)}", $"remove VLAN {Text(vlan)}, which no port uses any more"));
        }

        return steps;
    }

    private static string Text(int n) => n.ToString(CultureInfo.InvariantCulture);
}
