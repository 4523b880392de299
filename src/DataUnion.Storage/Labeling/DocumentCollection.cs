using LiteDB;

namespace DataUnion.Storage.Labeling;

/// <summary>
/// A LiteDB collection of documents written and read field by field, the way the node's other
/// stores write theirs: no reflection-built mapper, so nothing depends on the order in which
/// threads first meet a type.
/// </summary>
/// <typeparam name="T">The document type.</typeparam>
internal sealed class DocumentCollection<T>(ILiteCollection<BsonDocument> collection, Func<T, BsonDocument> write, Func<BsonDocument, T> read)
    where T : class
{
    public T? FindById(BsonValue id) => collection.FindById(id) is { } document ? read(document) : null;

    /// <summary>The document with <paramref name="id"/>, which the engine's own records say exists.</summary>
    /// <exception cref="InvalidOperationException">It does not: the database lost a document another one names.</exception>
    public T Get(BsonValue id) => FindById(id) ?? throw new InvalidOperationException($"the node database has lost document '{id}' of collection '{collection.Name}', which another document names");

    public T? FindOne(BsonExpression predicate) => collection.FindOne(predicate) is { } document ? read(document) : null;

    public IEnumerable<T> Find(BsonExpression predicate) => collection.Find(predicate).Select(read);

    public IEnumerable<T> FindAll() => collection.FindAll().Select(read);

    /// <summary>The documents matching <paramref name="predicate"/> in the order of <paramref name="orderBy"/>, read lazily from its index.</summary>
    public IEnumerable<T> Ordered(BsonExpression predicate, BsonExpression orderBy) =>
        collection.Query().Where(predicate).OrderBy(orderBy).ToEnumerable().Select(read);

    public int Count(BsonExpression predicate) => collection.Count(predicate);

    public void Insert(T document) => collection.Insert(write(document));

    public void Update(T document) => collection.Update(write(document));

    public void Upsert(T document) => collection.Upsert(write(document));

    /// <summary>An index on one field, named after it (as the typed collections named theirs).</summary>
    public void EnsureIndex(string field) => collection.EnsureIndex(field, "$." + field);
}

/// <summary>Reading fields that older documents may lack.</summary>
internal static class Fields
{
    public static string String(BsonDocument d, string name) => d[name].IsString ? d[name].AsString : "";

    public static string? StringOrNull(BsonDocument d, string name) => d[name].IsString ? d[name].AsString : null;

    public static double Double(BsonDocument d, string name) => d[name].IsNumber ? d[name].AsDouble : 0;

    public static int Int(BsonDocument d, string name) => d[name].IsNumber ? d[name].AsInt32 : 0;

    public static long Long(BsonDocument d, string name) => d[name].IsNumber ? d[name].AsInt64 : 0;

    public static bool Bool(BsonDocument d, string name) => d[name].IsBoolean && d[name].AsBoolean;

    public static bool? BoolOrNull(BsonDocument d, string name) => d[name].IsBoolean ? d[name].AsBoolean : null;

    public static DateTime Date(BsonDocument d, string name) => d[name].IsDateTime ? StoredTime.Utc(d[name].AsDateTime) : DateTime.UnixEpoch;

    public static DateTime? DateOrNull(BsonDocument d, string name) => d[name].IsDateTime ? StoredTime.Utc(d[name].AsDateTime) : null;

    public static List<string> Strings(BsonDocument d, string name) => d[name].IsArray ? d[name].AsArray.Where(v => v.IsString).Select(v => v.AsString).ToList() : [];

    public static List<double> Doubles(BsonDocument d, string name) => d[name].IsArray ? d[name].AsArray.Where(v => v.IsNumber).Select(v => v.AsDouble).ToList() : [];

    public static List<T> Documents<T>(BsonDocument d, string name, Func<BsonDocument, T> read) =>
        d[name].IsArray ? d[name].AsArray.Where(v => v.IsDocument).Select(v => read(v.AsDocument)).ToList() : [];

    public static List<T>? DocumentsOrNull<T>(BsonDocument d, string name, Func<BsonDocument, T> read) =>
        d[name].IsArray ? Documents(d, name, read) : null;

    public static BsonValue Array(IEnumerable<string> values) => new BsonArray(values.Select(v => new BsonValue(v)));

    public static BsonValue Array(IEnumerable<double> values) => new BsonArray(values.Select(v => new BsonValue(v)));

    public static BsonValue Array<T>(IEnumerable<T>? values, Func<T, BsonDocument> write) =>
        values is null ? BsonValue.Null : new BsonArray(values.Select(v => (BsonValue)write(v)));

    public static BsonValue Value(DateTime? value) => value is { } v ? new BsonValue(v) : BsonValue.Null;

    public static BsonValue Value(string? value) => value is null ? BsonValue.Null : new BsonValue(value);

    public static BsonValue Value(bool? value) => value is { } v ? new BsonValue(v) : BsonValue.Null;
}
