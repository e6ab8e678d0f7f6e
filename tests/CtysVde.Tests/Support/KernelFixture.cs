namespace CtysVde.Tests.Support;

/// <summary>
/// Test users for the kernel tests: two users with their own groups and a shared lab group. Users are not
/// namespaced, so the fixture removes exactly the ones it created.
/// </summary>
public sealed class KernelFixture : IDisposable
{
    public const string Alice = "ctysvde-alice";
    public const string Bob = "ctysvde-bob";
    public const string LabGroup = "ctysvde-lab";

    private readonly List<string> _createdUsers = new();
    private bool _createdGroup;

    public KernelFixture()
    {
        if (TestHost.KernelSkipReason is not null)
        {
            return;
        }

        if (Sh.Run("getent", "group", LabGroup).ExitCode != 0)
        {
            Sh.Ok("groupadd", LabGroup);
            _createdGroup = true;
        }

        foreach (var user in new[] { Alice, Bob })
        {
            if (Sh.Run("getent", "passwd", user).ExitCode != 0)
            {
                // "*": no password, yet not locked ("!"), which sshd would refuse even for a key.
                Sh.Ok("useradd", "--no-create-home", "--user-group", "--shell", "/bin/sh", "--password", "*", user);
                _createdUsers.Add(user);
            }
        }

        Sh.Ok("usermod", "-a", "-G", LabGroup, Bob);
    }

    public void Dispose()
    {
        foreach (var user in _createdUsers)
        {
            Sh.Run("userdel", user);
        }

        if (_createdGroup)
        {
            Sh.Run("groupdel", LabGroup);
        }
    }
}
