// Hangfire keeps its storage, job activator and log provider in process-wide statics (GlobalConfiguration): two
// server hosts alive at once in one test process run each other's jobs and log into each other's (possibly
// disposed) logger factory — seen in CI as a 500 on the owners' complaint form while another class's host shut
// down. One host at a time, as in Server.Tests; each class still shares its own host between its tests.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
