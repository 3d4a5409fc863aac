// Hangfire keeps its job activator and storage in process-wide statics (GlobalConfiguration): two server hosts
// started at once in one test process would run each other's jobs. Host tests therefore run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
