using Yoi.Cli;

return YoiApp.Run(args, Console.Out, Console.Error);
