using Microsoft.Extensions.Options;

namespace DataUnion.Node.Contributions;

/// <summary>
/// Every <see cref="ContributionOptions.SweepInterval"/>, forgets the uploads whose consent was not
/// signed in time and lets their pins go (<see cref="ContributionService.SweepExpiredAsync"/>).
/// </summary>
public sealed class ContributionSweeper(ContributionService contributions, IOptions<ContributionOptions> options, TimeProvider time, ILogger<ContributionSweeper> logger)
    : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        do
        {
            try
            {
                await contributions.SweepExpiredAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Sweeping expired uploads failed; trying again in {Interval}", options.Value.SweepInterval);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
