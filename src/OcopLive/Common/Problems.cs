using Microsoft.AspNetCore.Http.HttpResults;

namespace OcopLive.Common;

/// <summary>The contract's problem types; each ends with the word clients match on.</summary>
public static class Problems
{
    public const string TypeBase = "https://ocoplive.vn/problems/";

    public static ProblemHttpResult Conflict(string word, string title, string? detail = null) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: title, type: TypeBase + word);

    public static ProblemHttpResult NotFound(string title) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: title, type: TypeBase + "not-found");

    public static ProblemHttpResult Forbidden(string title) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: title, type: TypeBase + "forbidden");

    public static ValidationProblem Validation(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "Dữ liệu không hợp lệ (invalid input)",
            type: TypeBase + "validation");
}
