using System.Globalization;
using CtysVde.Core.Errors;
using CtysVde.Core.Model;
using CtysVde.Core.Vde;

namespace CtysVde.Core.Switches;

/// <summary>A cable's wirefilter, through its management socket in the caller's runtime directory: the impairment it applies, read and set live.</summary>
internal sealed class CableFilter
{
    private readonly SwitchEnvironment _env;

    public CableFilter(SwitchEnvironment env)
    {
        _env = env;
    }

    /// <summary>Sends the impairment to the cable's wirefilter, every value each way.</summary>
    public void Apply(CableRecord record, CableImpairment impairment, CancellationToken cancellation) =>
        ManagementSession.With(CableFiles.FilterSocket(record.Name), record.Name, _env.ManagementTimeout, cancellation, client =>
        {
            foreach (var command in Wirefilter.Commands(impairment))
            {
                ManagementSession.Ask(client, command);
            }

            return 0;
        });

    /// <summary>The impairment in words, for plans.</summary>
    public static string Words(CableImpairment i) =>
        string.Join(", ", new[]
        {
            i.LossPercent is { } l ? $"{l.ToString(CultureInfo.InvariantCulture)} % loss" : null,
            i.DelayMs is { } d ? $"{d} ms delay each way" : null,
            i.JitterMs is { } j ? $"{j} ms jitter" : null,
            i.BandwidthKbps is { } bw ? $"{bw} kbit/s" : null,
            i.Mtu is { } m ? $"MTU {m}" : null,
        }.OfType<string>());

    /// <summary>The impairment the cable's wirefilter applies now; null when it does not answer.</summary>
    public CableImpairment? Read(string name, CancellationToken cancellation)
    {
        try
        {
            return ManagementSession.With(CableFiles.FilterSocket(name), name, _env.ManagementTimeout, cancellation,
                client => Wirefilter.ParseInfo(ManagementSession.Ask(client, "showinfo").Data));
        }
        catch (Exception e) when (e is VdeException or VdeProtocolException)
        {
            return null;
        }
    }
}
