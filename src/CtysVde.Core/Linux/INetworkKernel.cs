namespace CtysVde.Core.Linux;

/// <summary>
/// The kernel's network calls the engine makes (TAPs and bridges). An interface so that tests can fail any one
/// of them on the real kernel and prove that what was done before is undone (see <see cref="NetworkKernel"/>).
/// </summary>
public interface INetworkKernel
{
    /// <summary>Creates a persistent TAP owned by uid:gid; <paramref name="mark"/> runs before it outlives the call.</summary>
    string CreateTap(string name, uint uid, uint gid, Action<string>? mark = null);

    void DeleteTap(string name);

    void SetUp(string name, bool up);

    void CreateBridge(string name);

    void DeleteBridge(string name);

    void Rename(string name, string newName);

    void AddToBridge(string bridge, string member);

    void RemoveFromBridge(string bridge, string member);

    /// <summary>Writes a link's attribute under /sys/class/net (its alias mark, a bridge's forward delay).</summary>
    void WriteAttribute(string name, string attribute, string value);
}
