// Fixtures run two at a time, one per core of the CI machine: the suite is mostly single-threaded simulation, and in a
// solution-wide `dotnet test` it would otherwise leave a core idle whenever it runs alone. Fixtures that set process-wide
// state (environment variables, the claims directory, the temporary folder) are [NonParallelizable] and run alone.
[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(2)]
