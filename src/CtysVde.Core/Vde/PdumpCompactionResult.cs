namespace CtysVde.Core.Vde;

/// <summary>What <see cref="PdumpCompaction"/> did: frames kept, frames read, and of those the copies pdump writes of a frame it forwards.</summary>
public sealed record PdumpCompactionResult(int Kept, int Read, int Copies);
