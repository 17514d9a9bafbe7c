// Hangfire keeps static state per process (JobStorage.Current and friends): test classes run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
