using Yoi.Runtime.HostApis;

namespace Yoi.Runtime.Tests.Hosting;

public class SyncBridgeTests
{
    [Fact]
    public void An_operation_past_its_bound_is_a_host_bug_not_a_hang()
    {
        var never = new TaskCompletionSource<int>();

        var error = Assert.Throws<HostBugException>(() => SyncBridge.Run(() => never.Task, TimeSpan.FromMilliseconds(50), "the test operation"));

        Assert.Contains("the test operation did not finish within", error.Message);
    }

    [Fact]
    public void A_failed_operation_rethrows_its_own_exception()
    {
        var error = Assert.Throws<InvalidOperationException>(() => SyncBridge.Run<int>(
            async () =>
            {
                await Task.Yield();
                throw new InvalidOperationException("original");
            },
            TimeSpan.FromSeconds(5),
            "op"));

        Assert.Equal("original", error.Message);
    }

    [Fact]
    public async Task Under_a_single_threaded_scheduler_the_operation_runs_on_the_thread_pool()
    {
        using var scheduler = new SingleThreadScheduler();
        var result = await Task.Factory.StartNew(
            () => SyncBridge.Run(
                async () =>
                {
                    await Task.Delay(10); // would resume on the blocked scheduler if it were captured
                    return TaskScheduler.Current == TaskScheduler.Default;
                },
                TimeSpan.FromSeconds(5),
                "op"),
            CancellationToken.None,
            TaskCreationOptions.None,
            scheduler).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(result);
    }

    /// <summary>Runs tasks one at a time on its own thread.</summary>
    private sealed class SingleThreadScheduler : TaskScheduler, IDisposable
    {
        private readonly System.Collections.Concurrent.BlockingCollection<Task> _tasks = new();
        private readonly Thread _thread;

        public SingleThreadScheduler()
        {
            _thread = new Thread(() =>
            {
                foreach (var task in _tasks.GetConsumingEnumerable())
                {
                    TryExecuteTask(task);
                }
            })
            { IsBackground = true };
            _thread.Start();
        }

        public void Dispose() => _tasks.CompleteAdding();

        protected override IEnumerable<Task> GetScheduledTasks() => _tasks.ToArray();

        protected override void QueueTask(Task task) => _tasks.Add(task);

        protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;
    }
}
