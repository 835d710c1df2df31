namespace RuntimeActors.TestKit.Tests;

public sealed class TestKitSettingsTests
{
    [Theory]
    [InlineData(null, 1.0)]
    [InlineData("", 1.0)]
    [InlineData("3", 3.0)]
    [InlineData("0.5", 0.5)]
    public void The_time_factor_is_read_from_the_environment_text(string? text, double expected) =>
        Assert.Equal(expected, TestKitSettings.ReadTimeFactor(text));

    [Theory]
    [InlineData("zero")]
    [InlineData("0")]
    [InlineData("-2")]
    public void A_bad_time_factor_is_a_clear_error(string text)
    {
        var error = Assert.Throws<InvalidOperationException>(() => TestKitSettings.ReadTimeFactor(text));

        Assert.Contains(TestKitSettings.TimeFactorVariable, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dilated_multiplies_by_the_factor_and_keeps_infinite_waits()
    {
        Assert.Equal(TimeSpan.FromTicks((long)(TimeSpan.FromSeconds(2).Ticks * TestKitSettings.TimeFactor)), TestKitSettings.Dilated(TimeSpan.FromSeconds(2)));
        Assert.Equal(Timeout.InfiniteTimeSpan, TestKitSettings.Dilated(Timeout.InfiniteTimeSpan));
    }
}
