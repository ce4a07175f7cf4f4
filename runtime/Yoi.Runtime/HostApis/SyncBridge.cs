namespace Yoi.Runtime.HostApis;

/// <summary>
/// Runs an asynchronous host operation to completion from a synchronous Wasmtime host function.
/// </summary>
/// <remarks>
/// <para>Wasmtime .NET host functions are synchronous, so the calling thread has to wait. Two things
/// keep the wait from deadlocking:</para>
/// <list type="bullet">
/// <item>No captured context: while the operation starts, <see cref="SynchronizationContext.Current"/>
/// is cleared, so no continuation is posted back to a (possibly single-threaded) context the caller
/// is blocking. When the caller runs under a non-default <see cref="TaskScheduler"/>, the operation is
/// started on the thread pool instead.</item>
/// <item>Bounded: the operations called here are bounded by the socket pool's own timeouts
/// (connect, send, recv clamp, close). The wait has a backstop a margin beyond that bound; missing it
/// means the pool broke its own bound, a host bug, so it throws and the guest traps.</item>
/// </list>
/// </remarks>
internal static class SyncBridge
{
    public static T Run<T>(Func<Task<T>> operation, TimeSpan bound, string what)
    {
        var task = Start(operation);
        if (!task.IsCompleted)
        {
            bool completed;
            try
            {
                completed = task.Wait(bound);
            }
            catch (AggregateException)
            {
                completed = true; // faulted or cancelled: GetResult below rethrows the original exception
            }

            if (!completed)
            {
                throw new HostBugException($"{what} did not finish within {bound.TotalSeconds:0.###} s, beyond its own bound");
            }
        }

        // Completed: rethrows the original exception (not an AggregateException) if it failed.
        return task.GetAwaiter().GetResult();
    }

    public static void Run(Func<Task> operation, TimeSpan bound, string what) =>
        Run(async () =>
        {
            await operation().ConfigureAwait(false);
            return true;
        }, bound, what);

    private static Task<T> Start<T>(Func<Task<T>> operation)
    {
        if (TaskScheduler.Current != TaskScheduler.Default)
        {
            return Task.Run(operation);
        }

        var context = SynchronizationContext.Current;
        if (context is null)
        {
            return operation();
        }

        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            return operation();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }
}

/// <summary>The host broke one of its own guarantees. Thrown from a host function it traps the guest.</summary>
public sealed class HostBugException(string message, Exception? inner = null) : Exception(message, inner);
