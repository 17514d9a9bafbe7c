// One app host and one browser at a time: the machine is small and Hangfire keeps static state.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
