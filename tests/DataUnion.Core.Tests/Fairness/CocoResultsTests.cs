using DataUnion.Core.Fairness;

namespace DataUnion.Core.Tests.Fairness;

public sealed class CocoResultsTests
{
    private static readonly HashSet<long> Images = [1, 2];
    private static readonly HashSet<int> Categories = [1];

    [Fact]
    public void Read_GoodResults_GivesEveryPrediction()
    {
        var predictions = Read("""[{"image_id":1,"category_id":1,"bbox":[1.5,2,30,40],"score":0.75},{"image_id":2,"category_id":1,"bbox":[0,0,0,0],"score":0}]""");

        Assert.Equal(2, predictions.Count);
        Assert.Equal(new Prediction(1, 1, new CocoBox(1.5, 2, 30, 40), 0.75), predictions[0]);
    }

    [Theory]
    [InlineData("""{"image_id":1}""", "must be a JSON array")]
    [InlineData("""[{"image_id":1,""", "not JSON")]
    [InlineData("""[{"image_id":9,"category_id":1,"bbox":[0,0,1,1],"score":0.5}]""", "prediction 0: image_id 9 is not an image of this version")]
    [InlineData("""[{"image_id":1,"category_id":3,"bbox":[0,0,1,1],"score":0.5}]""", "category_id 3 is not a category of this version")]
    [InlineData("""[{"image_id":1,"category_id":1,"bbox":[0,0,-1,1],"score":0.5}]""", "negative width or height")]
    [InlineData("""[{"image_id":1,"category_id":1,"bbox":[0,0,1e400,1],"score":0.5}]""", "not a finite number")]
    [InlineData("""[{"image_id":1,"category_id":1,"bbox":[0,0,"1",1],"score":0.5}]""", "not a finite number")]
    [InlineData("""[{"image_id":1,"category_id":1,"bbox":[0,0,1],"score":0.5}]""", "bbox must be [x, y, width, height]")]
    [InlineData("""[{"image_id":1,"category_id":1,"bbox":[0,0,1e6,1e6],"score":0.5}]""", "larger than COCO evaluates")]
    [InlineData("""[{"image_id":1,"category_id":1,"bbox":[0,0,1,1],"score":1.5}]""", "score must be a number in [0, 1]")]
    [InlineData("""[{"image_id":1,"category_id":1,"bbox":[0,0,1,1]}]""", "score must be a number in [0, 1]")]
    [InlineData("""[{"image_id":"1","category_id":1,"bbox":[0,0,1,1],"score":0.5}]""", "image_id is missing or not an integer")]
    public void Read_BadResults_AreRefusedNamingTheProblem(string json, string problem)
    {
        var error = Assert.Throws<CocoResultsException>(() => Read(json));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ManyBadEntries_NamesTheFirstAndCountsTheRest()
    {
        var json = "[" + string.Join(",", Enumerable.Range(0, 25).Select(_ => """{"image_id":5,"category_id":1,"bbox":[0,0,1,1],"score":0.5}""")) + "]";

        var error = Assert.Throws<CocoResultsException>(() => Read(json));

        Assert.Equal(25, error.Count);
        Assert.Equal(CocoResults.MaxNamed, error.Problems.Count);
        Assert.Contains("and 15 more bad predictions", error.Message, StringComparison.Ordinal);
    }

    private static IReadOnlyList<Prediction> Read(string json) => CocoResults.Read(System.Text.Encoding.UTF8.GetBytes(json), Images, Categories);
}
