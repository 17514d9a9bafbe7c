// Hangfire keeps static state per process (see TOOLCHAIN.md, trap 1): test classes run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
