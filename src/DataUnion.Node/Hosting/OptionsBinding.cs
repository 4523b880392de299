using System.ComponentModel.DataAnnotations;

namespace DataUnion.Node.Hosting;

/// <summary>
/// Binds and validates a settings section before anything touches the disk, so a bad setting
/// stops the node with nothing created. The options pipeline validates the same classes again
/// on start (<c>ValidateOnStart</c>).
/// </summary>
internal static class OptionsBinding
{
    public static T BindAndValidate<T>(IConfiguration configuration, string section)
        where T : class, new()
    {
        var options = new T();
        try
        {
            configuration.GetSection(section).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            // The binder names the key and the type ("Failed to convert configuration value at 'Ipfs:BlockLayout' ...").
            throw new NodeStartupException("invalid configuration: " + ex.Message, ex);
        }

        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            throw new NodeStartupException("invalid configuration: " + string.Join("; ", results.Select(r => r.ErrorMessage)));
        }

        return options;
    }
}
