using System.Collections.Concurrent;

namespace Yoi.Runtime.Services;

/// <summary>
/// The threads that make calls into service guests: a fixed set (created as needed, at most
/// <see cref="MaxThreads"/>), shared by every service of a host, separate from the .NET thread pool.
/// </summary>
/// <remarks>
/// A guest call blocks its thread while a host function waits for an asynchronous operation (an open,
/// a send, a close, a request). On thread-pool threads, many services doing that at once (a host
/// stopping 1,000 services, each closing its connection) starve the pool that the operations need to
/// finish, and the pool grows by about one thread a second: a stop of 1,000 services took minutes.
/// Here the blocked threads are these, the asynchronous work completes on the pool, and a service
/// whose turn comes while every guest thread is busy waits in this queue, holding no thread.
/// </remarks>
internal sealed class GuestCallScheduler : TaskScheduler, IDisposable
{
    private readonly BlockingCollection<Task> _work = new(new ConcurrentQueue<Task>());
    private readonly object _gate = new();
    private readonly List<Thread> _threads = [];
    private int _idle;

    public GuestCallScheduler(int maxThreads) => MaxThreads = maxThreads;

    /// <summary>The default for a host: enough for a few blocked calls per core without many idle threads.</summary>
    public static int DefaultThreads => Math.Max(8, Environment.ProcessorCount * 4);

    public override int MaximumConcurrencyLevel => MaxThreads;

    public int MaxThreads { get; }

    /// <summary>Guest threads created so far.</summary>
    public int ThreadCount
    {
        get
        {
            lock (_gate)
            {
                return _threads.Count;
            }
        }
    }

    /// <summary>Runs <paramref name="call"/> on a guest thread.</summary>
    public Task<T> Run<T>(Func<T> call) =>
        Task.Factory.StartNew(call, CancellationToken.None, TaskCreationOptions.DenyChildAttach, this);

    public void Dispose() => _work.CompleteAdding();

    protected override void QueueTask(Task task)
    {
        _work.Add(task);
        lock (_gate)
        {
            // A new thread only when none is idle: the set grows to what calls in flight need, then stays.
            if (Volatile.Read(ref _idle) == 0 && _threads.Count < MaxThreads)
            {
                var thread = new Thread(Work) { IsBackground = true, Name = $"yoi-guest-{_threads.Count + 1}" };
                _threads.Add(thread);
                thread.Start();
            }
        }
    }

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    protected override IEnumerable<Task> GetScheduledTasks() => _work.ToArray();

    private void Work()
    {
        while (true)
        {
            Interlocked.Increment(ref _idle);
            Task? task;
            try
            {
                if (!_work.TryTake(out task, Timeout.Infinite))
                {
                    return; // completed: the host is gone
                }
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            finally
            {
                Interlocked.Decrement(ref _idle);
            }

            TryExecuteTask(task);
        }
    }
}
