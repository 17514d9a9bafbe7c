using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace OcopLive.IntegrationTests.Infrastructure;

/// <summary>
/// Where an in-process app's logs go in the tests: a file per app under <c>artifacts/test-logs/</c>
/// (kept after the run, for reading at leisure) and, while a test has attached its
/// <see cref="ITestOutputHelper"/>, that test's output, which the test runner prints only when the
/// test fails. The console stays for the tests' own results.
/// </summary>
public sealed class AppLog : ILoggerProvider
{
    private readonly StreamWriter _file;
    private readonly Lock _gate = new();
    private ITestOutputHelper? _test;

    public AppLog(string name)
    {
        var folder = Path.Combine(AppProcess.RepositoryRoot(), "artifacts", "test-logs");
        Directory.CreateDirectory(folder);
        FilePath = Path.Combine(folder, $"{name}-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}.log");
        _file = new StreamWriter(FilePath, append: false) { AutoFlush = true };
    }

    public string FilePath { get; }

    /// <summary>
    /// Sends the app's log lines to <paramref name="test"/>'s output from now on, until another test
    /// attaches or this one ends (xunit makes a test class per test, so a field initialiser does it).
    /// </summary>
    public AppLog AttachTo(ITestOutputHelper test)
    {
        lock (_gate)
        {
            _test = test;
        }

        Write($"----- {DateTime.UtcNow:HH:mm:ss.fff} a test attached; this app's whole log: {FilePath}");
        return this;
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
        lock (_gate)
        {
            _test = null;
            _file.Dispose();
        }
    }

    private void Write(string line)
    {
        lock (_gate)
        {
            try
            {
                _file.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // The host logs its last words after the fixture closed the file.
            }

            try
            {
                _test?.WriteLine(line);
            }
            catch (InvalidOperationException)
            {
                // The test ended while a background service was still logging.
                _test = null;
            }
        }
    }

    private sealed class Logger(AppLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = $"{DateTime.UtcNow:HH:mm:ss.fff} {Level(logLevel)} {category}[{eventId.Id}] {formatter(state, exception)}";
            log.Write(exception is null ? line : line + Environment.NewLine + exception);
        }

        private static string Level(LogLevel level) => level switch
        {
            LogLevel.Trace => "trce",
            LogLevel.Debug => "dbug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            _ => "crit",
        };
    }
}
