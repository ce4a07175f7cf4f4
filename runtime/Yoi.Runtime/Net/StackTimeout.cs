namespace Yoi.Runtime.Net;

/// <summary>
/// Recognises the HTTP stack's own timeouts. A connect is bounded twice: by the call's deadline (on the
/// host's <see cref="TimeProvider"/>) and by <see cref="SocketsHttpHandler.ConnectTimeout"/> (real time),
/// which surfaces as an exception whose cause is a <see cref="TimeoutException"/> (or, inside the connect
/// callback, as <see cref="VettedSocketConnector.EndedByStackTimeout"/>). Whichever fires first, the
/// plugin must get <c>timeout</c>, not <c>io</c>.
/// </summary>
internal static class StackTimeout
{
    public static bool IsCauseOf(Exception error)
    {
        for (var current = error; current is not null; current = current.InnerException)
        {
            if (current is TimeoutException)
            {
                return true;
            }
        }

        return false;
    }
}
