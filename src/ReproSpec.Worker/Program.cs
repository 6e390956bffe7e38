using ReproSpec.Execution;

// stdout carries the protocol; anything an experiment prints must not corrupt it, so it goes to stderr
// (which the engine keeps as the tail it reports when a worker dies).
var protocol = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false };
Console.SetOut(Console.Error);
WorkerProtocol.Serve(Console.In, protocol);
return 0;
