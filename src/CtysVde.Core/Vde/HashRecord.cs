namespace CtysVde.Core.Vde;

/// <summary>A `hash/print` line: a learned MAC with its VLAN, port and age.</summary>
public sealed record HashRecord(string MacAddress, int Vlan, int Port, long AgeSeconds);
