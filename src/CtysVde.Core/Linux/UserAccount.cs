namespace CtysVde.Core.Linux;

/// <summary>A passwd entry: the user's name, ids and primary group.</summary>
public sealed record UserAccount(string Name, uint Uid, uint Gid, string Home);
