using System.Runtime.Versioning;
using Xunit;

// The integration tests share one network namespace, /var/tmp and /run: run them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

// CtysVde manages Linux TAPs, bridges and vde_switch; its tests run only there.
[assembly: SupportedOSPlatform("linux")]
