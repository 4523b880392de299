using LiteDB;

namespace DataUnion.Storage;

/// <summary>What a LiteDB file holds and how its older layouts are brought up to date.</summary>
/// <param name="Description">Names the file in errors: "the node database", "the chain database".</param>
/// <param name="CurrentVersion">The schema this code reads and writes.</param>
/// <param name="Migrations">Step <c>n</c> turns a version-<c>n</c> file into version <c>n + 1</c>; it runs inside a transaction.</param>
public sealed record LiteDbSchema(string Description, int CurrentVersion, IReadOnlyDictionary<int, Action<ILiteDatabase>>? Migrations = null)
{
    /// <summary>Runs the step from <paramref name="version"/>; a version without a step needs no change.</summary>
    internal void Migrate(ILiteDatabase database, int version)
    {
        if (Migrations?.TryGetValue(version, out var step) == true)
        {
            step(database);
        }
    }
}
