using CtysVde.HelpBuilder;

namespace CtysVde.Tests.Support;

/// <summary>The built module (module/CtysVde.dll beside CtysVde.psd1), read through MetadataLoadContext only.</summary>
public sealed class ModuleUnderTest : IDisposable
{
    public ModuleUnderTest()
    {
        Root = FindRepositoryRoot();
        Catalog = new CmdletCatalog(Path.Combine(Root, "module", "CtysVde.dll"), CmdletCatalog.DefaultSmaReference);
    }

    public string Root { get; }

    public CmdletCatalog Catalog { get; }

    public CmdletDescription this[string name] => Catalog.Cmdlets.Single(c => c.Name == name);

    public Type ModelType(string name) => Catalog.FindType($"CtysVde.Core.Model.{name}");

    public void Dispose() => Catalog.Dispose();

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CtysVde.psd1")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("CtysVde.psd1 not found above the test directory");
    }
}
