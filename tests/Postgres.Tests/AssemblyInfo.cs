// Hangfire keeps its job activator and storage in process-wide statics (GlobalConfiguration): a server host and
// the Hangfire storage test running at once would see each other's configuration. Classes run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
