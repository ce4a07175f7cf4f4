using System.Net.Http.Headers;

namespace Yoi.Runtime.Requests;

/// <summary>
/// Turns the response's headers (message and content headers) into the WIT list, counting header
/// lines and <c>name: value\r\n</c> bytes against the bounds. Values are taken as received (not
/// re-validated or re-formatted); names are lower-cased. Over a bound is <c>limit</c>.
/// </summary>
internal static class ResponseHeaderReader
{
    public static Result<IReadOnlyList<(string Name, string Value)>, HostError> Read(HttpResponseMessage response, RequestLimits limits)
    {
        var headers = new List<(string Name, string Value)>();
        var bytes = 0L;
        HttpHeaders[] sections = [response.Headers, response.Content.Headers];
        foreach (var section in sections)
        {
            foreach (var (name, values) in section.NonValidated)
            {
                foreach (var value in values)
                {
                    bytes += RequestLimits.HeaderLineBytes(name, value);
                    if (headers.Count == limits.MaxResponseHeaders)
                    {
                        return Fail($"the response has more than {limits.MaxResponseHeaders} header lines");
                    }

                    if (bytes > limits.MaxResponseHeaderBytes)
                    {
                        return Fail($"the response headers exceed {limits.MaxResponseHeaderBytes} bytes");
                    }

                    headers.Add((name.ToLowerInvariant(), value));
                }
            }
        }

        return Result<IReadOnlyList<(string Name, string Value)>, HostError>.Ok(headers);
    }

    private static Result<IReadOnlyList<(string Name, string Value)>, HostError> Fail(string message) =>
        Result<IReadOnlyList<(string Name, string Value)>, HostError>.Fail(new HostError.Limit(message));
}
