using System.Text;

namespace Yoi.Runtime.Secrets;

/// <summary>
/// Reads a secret's value from its source. A file must be a regular file that only its owner may
/// read or write (mode 0600 or 0400): a secret others can read is already out, and one others can
/// write could be swapped. One trailing newline is dropped (editors add one). Errors never hold the value.
/// </summary>
public static class SecretSourceReader
{
    /// <summary>A secret's value is at most this many bytes (headers have their own, smaller bounds).</summary>
    public const int MaxValueBytes = 16 * 1024;

    private const UnixFileMode OthersMayTouch =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <param name="environment">Looks up an environment variable (the process's by default).</param>
    public static Result<string, string> Read(SecretSource source, Func<string, string?>? environment = null) => source switch
    {
        SecretSource.Environment env => FromEnvironment(env, environment ?? System.Environment.GetEnvironmentVariable),
        SecretSource.File file => FromFile(file.Path),
        _ => Result<string, string>.Fail($"unknown secret source {source}"),
    };

    private static Result<string, string> FromEnvironment(SecretSource.Environment env, Func<string, string?> environment)
    {
        var value = environment(env.Variable);
        if (value is null)
        {
            return Result<string, string>.Fail($"the environment variable {env.Variable} is not set");
        }

        return Check(value, $"the environment variable {env.Variable}");
    }

    private static Result<string, string> FromFile(string path)
    {
        FileInfo info;
        try
        {
            info = new FileInfo(path);
            if (!info.Exists)
            {
                return Result<string, string>.Fail(Directory.Exists(path) ? $"the secret file {path} is a directory" : $"the secret file {path} does not exist");
            }

            if (!OperatingSystem.IsWindows())
            {
                var mode = info.UnixFileMode;
                if ((mode & OthersMayTouch) != 0)
                {
                    return Result<string, string>.Fail(
                        $"the secret file {path} can be {Describe(mode)} by users other than its owner (mode {Octal(mode)}); make it owner-only: chmod 600 {path}");
                }
            }

            if (info.Length > MaxValueBytes + 2)
            {
                return Result<string, string>.Fail($"the secret file {path} has {info.Length} bytes; a secret has at most {MaxValueBytes}");
            }

            var text = StrictUtf8.GetString(File.ReadAllBytes(path));
            text = text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('\n') ? text[..^1] : text;
            return Check(text, $"the secret file {path}");
        }
        catch (DecoderFallbackException)
        {
            return Result<string, string>.Fail($"the secret file {path} is not UTF-8 text");
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return Result<string, string>.Fail($"the secret file {path} cannot be read: {error.Message}");
        }
    }

    private static Result<string, string> Check(string value, string where)
    {
        if (value.Length == 0)
        {
            return Result<string, string>.Fail($"{where} is empty");
        }

        if (Encoding.UTF8.GetByteCount(value) > MaxValueBytes)
        {
            return Result<string, string>.Fail($"{where} holds more than {MaxValueBytes} bytes; a secret has at most that");
        }

        return Result<string, string>.Ok(value);
    }

    private static string Describe(UnixFileMode mode)
    {
        var read = (mode & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0;
        var write = (mode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0;
        return read && write ? "read and written" : read ? "read" : "written";
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode & 0x1FF, 8).PadLeft(4, '0');
}
