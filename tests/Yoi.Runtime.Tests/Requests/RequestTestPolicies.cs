using Yoi.Runtime.Policy;
using Yoi.Runtime.Requests;
using Yoi.Runtime.Tests.Policy;

namespace Yoi.Runtime.Tests.Requests;

internal static class RequestTestPolicies
{
    /// <summary>http://127.0.0.1:port declared and granted (the loopback literal named on both sides).</summary>
    public static IRequestPolicy Loopback(int port, string[]? methods = null, string[]? paths = null) =>
        Both(Http("127.0.0.1", port, methods, paths));

    public static RequestTarget Http(string host, int port, string[]? methods = null, string[]? paths = null, string scheme = "http") =>
        TestTargets.Http(host, scheme: scheme, port: port, methods: methods ?? ["GET", "POST"], paths: paths);

    public static IRequestPolicy Both(Target target) => new RequestTargetListPolicy([target], [target]);

    public static IRequestPolicy Sides(Target[] declared, Target[] granted) => new RequestTargetListPolicy(declared, granted);
}
