namespace CtysVde.Core.Model;

/// <summary>A cable to make: from a switch of the caller's to another, with an impairment or none.</summary>
public sealed record CableRequest
{
    /// <summary>The switch on this host.</summary>
    public required SwitchSpec Switch { get; init; }

    /// <summary>The other switch's name.</summary>
    public required string RemoteSwitchName { get; init; }

    /// <summary>The other switch's host (`[user@]host`); null or empty for this host.</summary>
    public string? RemoteHost { get; init; }

    /// <summary>Null or empty: no wirefilter in the cable.</summary>
    public CableImpairment? Impairment { get; init; }
}
