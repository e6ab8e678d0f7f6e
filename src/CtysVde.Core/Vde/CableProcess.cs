namespace CtysVde.Core.Vde;

/// <summary>One live process of a cable: dpipe, a vde_plug, wirefilter or ssh, all in dpipe's process group.</summary>
public sealed record CableProcess(int ProcessId, string Cable, string Program, int ParentProcessId, int ProcessGroup, uint Uid, IReadOnlyList<string> Arguments);
