namespace CtysVde.Core.Remote;

/// <summary>
/// One host to run an action on: the seed's `user@host` with its per-host options (`host'(-Z sudo)'`).
/// </summary>
/// <param name="Host">A host name, an IPv4 address or an IPv6 address, as ssh takes it.</param>
/// <param name="User">The login user; null lets ssh decide (its config, else the caller's name).</param>
/// <param name="Elevation">`sudo` or `ksu` when the action runs through it on that host.</param>
public sealed record RemoteTarget(string Host, string? User, string? Elevation)
{
    /// <summary>How the user wrote it, for messages and the host column.</summary>
    public override string ToString() => User is null ? Host : $"{User}@{Host}";
}
