using System.CommandLine;
using Yoi.Runtime;
using Yoi.Runtime.Net;

namespace Yoi.Cli.Commands;

/// <summary>
/// The TLS options of every command that runs plugins (<c>plugin run</c>, <c>plugin serve</c>):
/// one definition, read one way. Only <c>--ca-file PEM</c> for now: its certificates are trusted for
/// wss and https servers besides the system store. Nothing here can loosen TLS.
/// </summary>
internal sealed class TlsCommandOptions
{
    public Option<string?> CaFile { get; } = new("--ca-file")
    {
        Description = "A PEM file of root certificates to trust for wss and https servers, besides the system store.",
        HelpName = "PEM",
    };

    public void AddTo(Command command) => command.Options.Add(CaFile);

    /// <summary>The host's TLS options, or the problem with the CA file (<c>file: error: ...</c>).</summary>
    public Result<TlsOptions, string> Read(ParseResult parseResult)
    {
        if (parseResult.GetValue(CaFile) is not { } path)
        {
            return Result<TlsOptions, string>.Ok(TlsOptions.Default);
        }

        return PemCertificates.ReadFile(path).TryGetValue(out var roots, out var problem)
            ? Result<TlsOptions, string>.Ok(new TlsOptions { TrustedRoots = roots })
            : Result<TlsOptions, string>.Fail(problem);
    }
}
