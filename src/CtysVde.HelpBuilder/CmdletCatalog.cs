using System.Reflection;
using System.Runtime.InteropServices;

namespace CtysVde.HelpBuilder;

/// <summary>
/// Reads the cmdlets of the compiled module through MetadataLoadContext, the way PowerShell's binder sees
/// them, without running any of their code (PowerShellStandard's System.Management.Automation is only stubs).
/// </summary>
public sealed class CmdletCatalog : IDisposable
{
    private const string Sma = "System.Management.Automation";
    private readonly MetadataLoadContext _context;

    public CmdletCatalog(string moduleAssembly, string smaReference)
    {
        var moduleDir = Path.GetDirectoryName(Path.GetFullPath(moduleAssembly))!;
        var paths = Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll")
            .Concat(Directory.GetFiles(moduleDir, "*.dll").Where(p => Path.GetFileName(p) != "System.Management.Automation.dll"))
            .Append(smaReference);
        _context = new MetadataLoadContext(new PathAssemblyResolver(paths));
        Module = _context.LoadFromAssemblyPath(Path.GetFullPath(moduleAssembly));
        SmaAssembly = _context.LoadFromAssemblyName(Sma);
        Cmdlets = Module.GetTypes().Where(t => !t.IsAbstract && Attribute(t, "CmdletAttribute") is not null)
            .Select(Describe).OrderBy(c => c.Name, StringComparer.Ordinal).ToArray();
    }

    public Assembly Module { get; }

    public Assembly SmaAssembly { get; }

    public IReadOnlyList<CmdletDescription> Cmdlets { get; }

    /// <summary>The reference assembly beside a tool or test that copied it to `mlc-refs/`.</summary>
    public static string DefaultSmaReference => Path.Combine(AppContext.BaseDirectory, "mlc-refs", "System.Management.Automation.dll");

    public Type FindType(string fullName) =>
        _context.GetAssemblies().Select(a => a.GetType(fullName)).FirstOrDefault(t => t is not null)
        ?? throw new InvalidOperationException($"type {fullName} is not in the loaded assemblies");

    public void Dispose() => _context.Dispose();

    public static CustomAttributeData? Attribute(MemberInfo member, string name) =>
        member.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.Name == name && a.AttributeType.Namespace == Sma);

    public static T? Named<T>(CustomAttributeData data, string name) =>
        data.NamedArguments.Where(n => n.MemberName == name).Select(n => (T?)n.TypedValue.Value).FirstOrDefault();

    // XML documentation ids name a generic base by its definition (SwitchDataCmdlet`1), not a constructed type.
    private static Type DeclaringDefinition(PropertyInfo property) =>
        property.DeclaringType!.IsGenericType ? property.DeclaringType.GetGenericTypeDefinition() : property.DeclaringType;

    private static CmdletDescription Describe(Type type)
    {
        var cmdlet = Attribute(type, "CmdletAttribute")!;
        var outputs = type.GetCustomAttributesData().Where(a => a.AttributeType.Name == "OutputTypeAttribute")
            .SelectMany(a =>
            {
                var sets = Named<IReadOnlyCollection<CustomAttributeTypedArgument>>(a, "ParameterSetName")?.Select(v => (string)v.Value!).ToArray()
                    ?? [ParameterSetEntry.AllSets];
                return ((IReadOnlyCollection<CustomAttributeTypedArgument>)a.ConstructorArguments[0].Value!).Select(v => ((Type)v.Value!, (IReadOnlyList<string>)sets));
            }).ToArray();
        var parameters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Sets: p.GetCustomAttributesData().Where(a => a.AttributeType.Name == "ParameterAttribute").ToArray()))
            .Where(p => p.Sets.Length > 0)
            .Select(p => new CmdletParameter(
                p.Property.Name,
                p.Property.PropertyType,
                Attribute(p.Property, "AliasAttribute") is { } alias ? ((IReadOnlyCollection<CustomAttributeTypedArgument>)alias.ConstructorArguments[0].Value!).Select(v => (string)v.Value!).ToArray() : [],
                Attribute(p.Property, "SupportsWildcardsAttribute") is not null,
                p.Sets.Select(s => new ParameterSetEntry(
                    Named<string>(s, "ParameterSetName") ?? ParameterSetEntry.AllSets,
                    Named<bool>(s, "Mandatory"),
                    Named<int?>(s, "Position") is { } pos && pos >= 0 ? pos : null,
                    Named<bool>(s, "ValueFromPipeline"),
                    Named<bool>(s, "ValueFromPipelineByPropertyName"))).ToArray(),
                $"P:{DeclaringDefinition(p.Property).FullName}.{p.Property.Name}"))
            .OrderBy(p => p.Sets.Min(s => s.Position ?? int.MaxValue)).ThenBy(p => p.Name, StringComparer.Ordinal)
            .ToArray();
        return new CmdletDescription(
            (string)cmdlet.ConstructorArguments[0].Value!,
            (string)cmdlet.ConstructorArguments[1].Value!,
            type,
            Named<bool>(cmdlet, "SupportsShouldProcess"),
            Named<string>(cmdlet, "DefaultParameterSetName"),
            Named<string>(cmdlet, "HelpUri"),
            outputs,
            parameters);
    }
}
