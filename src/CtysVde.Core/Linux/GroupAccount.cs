namespace CtysVde.Core.Linux;

/// <summary>A group entry.</summary>
public sealed record GroupAccount(string Name, uint Gid);
