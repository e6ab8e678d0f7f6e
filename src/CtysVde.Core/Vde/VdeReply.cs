namespace CtysVde.Core.Vde;

/// <summary>One answer of the management console: the result code, its text, and the data block if any.</summary>
public sealed record VdeReply(string Command, int Code, string Message, IReadOnlyList<string> Data)
{
    public const int Success = 1000;

    public bool IsSuccess => Code == Success;

    /// <summary>The errno the switch reported (`1NNN` is errno NNN), 0 on success.</summary>
    public int Errno => Code - 1000;
}
