using Xunit;

// The integration tests share one network namespace, /var/tmp and /run: run them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
