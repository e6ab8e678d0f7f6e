namespace CtysVde.Core.Model;

/// <summary>One check of a switch's health with its verdict, what was seen, and what to do about a failure.</summary>
public sealed record VdeHealth
{
    public required string SwitchName { get; init; }

    public required HealthCheck Check { get; init; }

    public required bool Passed { get; init; }

    public required string Detail { get; init; }

    public string? Remedy { get; init; }

    public required string HostName { get; init; }

    public override string ToString() => $"{SwitchName} {Check}: {(Passed ? "passed" : "FAILED")}";
}
