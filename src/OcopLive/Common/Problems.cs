using Microsoft.AspNetCore.Http.HttpResults;

namespace OcopLive.Common;

/// <summary>
/// The contract's problem types; each ends with the word clients match on. The problems said in
/// many places are here once, so their wording and type cannot drift.
/// </summary>
public static class Problems
{
    public const string TypeBase = "https://ocoplive.vn/problems/";
    public const string ValidationTitle = "Dữ liệu không hợp lệ (invalid input)";

    public const string SessionNotFoundTitle = "Không tìm thấy phiên (session not found)";
    public const string ProductNotFoundTitle = "Không tìm thấy sản phẩm (product not found)";
    public const string ProducerNotFoundTitle = "Không tìm thấy chủ thể (producer not found)";
    public const string OrderNotFoundTitle = "Không tìm thấy đơn hàng (order not found)";
    public const string TooLargeTitle = "Yêu cầu quá lớn (request body too large)";

    public static ProblemHttpResult Conflict(string word, string title, string? detail = null) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: title, type: TypeBase + word);

    public static ProblemHttpResult NotFound(string title) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: title, type: TypeBase + "not-found");

    public static ProblemHttpResult SessionNotFound() => NotFound(SessionNotFoundTitle);

    public static ProblemHttpResult ProductNotFound() => NotFound(ProductNotFoundTitle);

    public static ProblemHttpResult ProducerNotFound() => NotFound(ProducerNotFoundTitle);

    public static ProblemHttpResult OrderNotFound() => NotFound(OrderNotFoundTitle);

    public static ProblemHttpResult Forbidden(string title) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: title, type: TypeBase + "forbidden");

    public static ProblemHttpResult Unauthorized(string title) =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: title, type: TypeBase + "unauthorized");

    public static ProblemHttpResult TooLarge() =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: TooLargeTitle, type: TypeBase + "too-large");

    public static ValidationProblem Validation(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: ValidationTitle, type: TypeBase + "validation");

    public static ValidationProblem Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });
}
