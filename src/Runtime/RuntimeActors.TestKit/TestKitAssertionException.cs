using Xunit.Sdk;

namespace RuntimeActors.TestKit;

/// <summary>An expectation of the TestKit was not met; xunit reports it as a test failure.</summary>
public sealed class TestKitAssertionException : XunitException
{
    /// <summary>Creates the exception.</summary>
    public TestKitAssertionException()
        : base("A TestKit expectation failed.")
    {
    }

    /// <summary>Creates the exception with a message saying what was expected and what happened.</summary>
    public TestKitAssertionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public TestKitAssertionException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
