using CtysVde.Cli;

return CommandLine.Run(args, new HangUpTolerantWriter(Console.Out), new HangUpTolerantWriter(Console.Error));
