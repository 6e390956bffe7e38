Console.Error.WriteLine("ReproSpec.Worker: not implemented yet"); return 2;
