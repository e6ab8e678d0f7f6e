using System.Text.Json.Serialization;

namespace CtysVde.Core.Model;

/// <summary>One check of a switch's health with its verdict, what was seen, and what to do about a failure.</summary>
/// <remarks>
/// A class with internal init accessors, not a record: PowerShell's adapter shows every public setter (init ones
/// too) as settable and a record's public &lt;Clone&gt;$ method as a member, and output objects must be read-only.
/// [JsonInclude] lets the command line read them back from another host's JSON (VdeJsonContext, same assembly).
/// </remarks>
public sealed class VdeHealth
{
    /// <summary>
    /// Only the engine makes these (and the command line's JSON reader): PowerShell must not build one from a
    /// property bag, which would turn another host's deserialized object into an empty local one.
    /// </summary>
    [JsonConstructor]
    internal VdeHealth()
    {
    }

    [JsonInclude]
    public string SwitchName { get; internal init; } = string.Empty;

    /// <summary>Which check (a <see cref="HealthCheck"/> or, of a cable, a <see cref="CableCheck"/> name; a string so that ConvertTo-Json and --json agree).</summary>
    [JsonInclude]
    public string Check { get; internal init; } = string.Empty;

    [JsonInclude]
    public bool Passed { get; internal init; }

    [JsonInclude]
    public string Detail { get; internal init; } = string.Empty;

    /// <summary>What to do about a failure, in the words of the front end that returned this object.</summary>
    [JsonInclude]
    public string? Remedy { get; internal init; }

    /// <summary>The remedy as data, for <see cref="InWords"/>; not serialized, as another host sends its words.</summary>
    internal Errors.Remedy? Suggestion { get; init; }

    /// <summary>The host name, for people; <see cref="HostId"/> is what tells hosts apart.</summary>
    [JsonInclude]
    public string HostName { get; internal init; } = string.Empty;

    /// <summary>Which host (machine, boot, network and mount namespace) this object belongs to; see <c>Linux.HostIdentity</c>.</summary>
    [JsonInclude]
    public string HostId { get; internal init; } = string.Empty;

    /// <summary>
    /// The check with its remedy said in a front end's words. Static, so that PowerShell shows no method on the
    /// objects users see; an object read from another host's JSON keeps the words it came with.
    /// </summary>
    public static VdeHealth InWords(VdeHealth check, Errors.RemedyWords words) => check.Suggestion is not { } remedy
        ? check
        : new VdeHealth
        {
            SwitchName = check.SwitchName,
            Check = check.Check,
            Passed = check.Passed,
            Detail = check.Detail,
            Remedy = words.Say(remedy),
            Suggestion = remedy,
            HostName = check.HostName,
            HostId = check.HostId,
        };

    public override string ToString() => $"{SwitchName} {Check}: {(Passed ? "passed" : "FAILED")}";
}
