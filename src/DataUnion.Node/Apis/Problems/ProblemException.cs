namespace DataUnion.Node.Apis.Problems;

/// <summary>Carries an <see cref="ApiProblem"/> out of request-handling code; answered as that problem.</summary>
public sealed class ProblemException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ProblemException(ApiProblem problem)
        : base(problem?.Detail)
    {
        ArgumentNullException.ThrowIfNull(problem);
        Problem = problem;
    }

    /// <summary>Creates a problem with <paramref name="status"/> and one message.</summary>
    public ProblemException(int status, string message)
        : this(ApiProblem.Of(status, message))
    {
    }

    /// <summary>Creates a 400 (for serializers).</summary>
    public ProblemException()
        : this(ApiProblem.BadRequest("the request was refused"))
    {
    }

    /// <summary>Creates a 400 (for serializers).</summary>
    public ProblemException(string message)
        : this(ApiProblem.BadRequest(message))
    {
    }

    /// <summary>Creates a 400 (for serializers).</summary>
    public ProblemException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problem = ApiProblem.BadRequest(message);
    }

    /// <summary>The answer.</summary>
    public ApiProblem Problem { get; }
}
