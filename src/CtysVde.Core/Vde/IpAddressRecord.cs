namespace CtysVde.Core.Vde;

/// <summary>One address the iplog plugin saw speak, as `iplog/iplist` shows it: family 4 or 6, the address, its port and the port's user.</summary>
public sealed record IpAddressRecord(int Family, string Address, int Port, string User);
