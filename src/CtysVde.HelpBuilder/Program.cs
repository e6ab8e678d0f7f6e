using CtysVde.HelpBuilder;

// Usage: CtysVde.HelpBuilder <module/CtysVde.dll> <CtysVde.xml documentation> <output CtysVde.dll-Help.xml>
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: CtysVde.HelpBuilder MODULE_DLL XML_DOCUMENTATION OUTPUT");
    return 1;
}

using var catalog = new CmdletCatalog(args[0], CmdletCatalog.DefaultSmaReference);
var docs = new XmlDocumentation(args[1]);
var unknown = MamlWriter.UnknownErrorIds(catalog.Cmdlets, docs).ToArray();
if (unknown.Length > 0)
{
    Console.Error.WriteLine($"help: documented error ids that do not exist: {string.Join(", ", unknown)}");
    return 1;
}

Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(args[2]))!);
MamlWriter.Write(catalog.Cmdlets, docs).Save(args[2]);
Console.WriteLine($"help: {catalog.Cmdlets.Count} cmdlets -> {args[2]}");
return 0;
